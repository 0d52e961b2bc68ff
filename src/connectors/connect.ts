/**
 * Which connectors a project opens, and with what: the policy between the compiled project and
 * each app's entry (folders read, associations, custom objects, marker fields). The caller closes
 * the connectors.
 */
import { resolve } from 'node:path';
import type { CompiledProject } from '../config/model.js';
import type { Apps, OpenOptions } from './app-entry.js';
import { openConnector } from './open.js';
import { AccountGates } from './shared/account-gate.js';
import { parseSecrets } from './secrets.js';
import type { Connector } from './types.js';

export interface ConnectOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  apps: Apps;
  onRetry?: OpenOptions['onRetry'];
  onHeld?: OpenOptions['onHeld'];
}

const secretsOf = async (project: CompiledProject, root: string) =>
  project.settings.secretsFile ? await parseSecrets(resolve(root, project.settings.secretsFile)) : {};

/** What the enabled syncs ask of connection `name`. */
function usesOf(project: CompiledProject, name: string): Pick<OpenOptions, 'folder' | 'associations' | 'customObjects' | 'markers'> {
  const enabled = project.syncs.filter((s) => s.enabled);
  const sides = enabled.flatMap((s) => [s.left, s.right]).filter((side) => side.connection === name);
  const associations: Record<string, string[]> = {};
  for (const sync of enabled) {
    for (const assoc of sync.associations) {
      const target = project.syncs.find((s) => s.name === assoc.sync);
      // The associated object in this connection, whichever side of its own sync it is on.
      const to = target && [target.left, target.right].find((t) => t.connection === name)?.object;
      for (const side of [sync.left, sync.right]) {
        if (side.connection === name && to) associations[side.object] = [...new Set([...(associations[side.object] ?? []), to])];
      }
    }
  }
  // Where each object keeps the create marker (marker_property), for idempotent creates.
  const markers: Record<string, string> = {};
  for (const side of sides) if (side.marker.kind === 'field') markers[side.object] = side.marker.field;
  return {
    // R20: the other folders are read only when some sync asks for folder: all.
    folder: sides.some((side) => side.folder === 'all') ? 'all' : 'contacts',
    associations,
    // R7: custom objects the syncs name (of any sync, enabled or not, as the sandbox declares them).
    customObjects: project.syncs
      .filter((s) => s.object === 'custom')
      .flatMap((s) => [s.left, s.right])
      .filter((side) => side.connection === name)
      .map((side) => side.object),
    markers,
  };
}

/** One connection on its own, whether or not a sync uses it (`state rebind`). */
export async function openConnection(project: CompiledProject, name: string, options: ConnectOptions): Promise<Connector> {
  return openConnector(project.connections[name]!, { root: options.root, env: options.env, secrets: await secretsOf(project, options.root) }, options.apps);
}

/** The connectors of every connection an enabled sync uses, keyed by connection name. */
export async function openConnectors(project: CompiledProject, options: ConnectOptions): Promise<Record<string, Connector>> {
  const secrets = await secretsOf(project, options.root);
  const used = new Set(project.syncs.filter((s) => s.enabled).flatMap((s) => [s.left.connection, s.right.connection]));
  const out: Record<string, Connector> = Object.create(null); // keyed by connection names
  // Connections that reach the same account share its limiters and in-flight cap for the run.
  const gates = new AccountGates();
  try {
    for (const name of used) {
      out[name] = await openConnector(
        project.connections[name]!,
        {
          root: options.root,
          env: options.env,
          secrets,
          ...usesOf(project, name),
          gates,
          ...(options.onRetry ? { onRetry: options.onRetry } : {}),
          ...(options.onHeld ? { onHeld: options.onHeld } : {}),
        },
        options.apps,
      );
    }
  } catch (error) {
    // One that fails to open (a missing secret) must not leave the others' emulators running.
    await closeConnectors(out);
    throw error;
  }
  return out;
}

export async function closeConnectors(connectors: Record<string, Connector>): Promise<void> {
  await Promise.all(Object.values(connectors).map((c) => c.close()));
}
