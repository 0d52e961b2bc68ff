/**
 * The field catalogues validation checks against: offline, the apps' built-in lists (or a store's
 * own file); live, once the apps are reachable, the apps' own catalogues, which are authoritative.
 */
import { entryOf, type Apps } from '../connectors/app-entry.js';
import { ConnectorFailure, type Catalogue, type Connector } from '../connectors/types.js';
import type { CatalogueLookup } from './context.js';
import { isError } from './diagnostics.js';
import type { CompiledProject } from './model.js';
import type { SourceFile } from './source.js';
import { validateFiles, type Validated } from './validate.js';

type Stored = Record<string, Pick<Catalogue, 'fields'>>;

/** Offline catalogues: built-in lists, or the store's own file where the app keeps one (the local store). */
export async function offlineCatalogues(files: SourceFile[], root: string, apps: Apps): Promise<CatalogueLookup> {
  const stored = new Map<string, Stored>();
  for (const file of files) {
    const conns = (file.data as { connections?: Record<string, { app?: string }> } | undefined)?.connections ?? {};
    for (const [name, c] of Object.entries(conns)) {
      const entry = entryOf(apps, c?.app);
      const found = entry?.storedCatalogues && (await entry.storedCatalogues(root, name, c as never));
      if (found) stored.set(name, found);
    }
  }
  return (connection, app, object) => {
    const own = stored.get(connection)?.[object];
    if (own) return { catalogue: { object, fields: own.fields }, authoritative: true };
    const entry = entryOf(apps, app);
    // A store that does not exist yet starts with the built-in catalogue: it is the whole truth.
    return { catalogue: entry?.catalogue(object), authoritative: entry?.storedCatalogues !== undefined };
  };
}

/** The app's catalogue of `object`, or the app's failure when it says there is no such object. */
async function liveCatalogue(connector: Connector, object: string): Promise<Catalogue | { missing: ConnectorFailure }> {
  try {
    return await connector.catalogue(object);
  } catch (error) {
    if (error instanceof ConnectorFailure && error.error.category === 'not-found') return { missing: error };
    throw error;
  }
}

export interface LiveCheckInput {
  files: SourceFile[];
  root: string;
  /** Diagnostics of the offline validation: a field it could not find calls for the live check. */
  offline: Validated['diagnostics'];
  project: CompiledProject;
  connectors: Record<string, Connector>;
  apps: Apps;
}

/**
 * Validates again against the apps' own catalogues. Fields the built-in catalogues do not know
 * (custom properties) were only warnings offline; custom objects (R7) have no built-in catalogue;
 * an app with field-level security hides fields from the connection's user, which only its live
 * catalogue shows (read anyway, and cached, so it costs no call). Costs one call per object
 * concerned, and none when every field is standard. Returns the diagnostics, errors and all.
 */
export async function validateLive(input: LiveCheckInput): Promise<Validated> {
  const { project, connectors } = input;
  const enabled = project.syncs.filter((s) => s.enabled);
  const every = enabled.some((s) => s.object === 'custom') || input.offline.some((d) => d.code === 'unknown-field');
  const security = enabled.some((s) => s.left.capabilities.fieldSecurity || s.right.capabilities.fieldSecurity);
  if (!every && !security) return { project, diagnostics: [] };
  const live = new Map<string, Catalogue | { missing: ConnectorFailure }>();
  for (const side of enabled.flatMap((s) => [s.left, s.right])) {
    if (!every && !side.capabilities.fieldSecurity) continue;
    const key = `${side.connection}\u0000${side.object}`;
    if (!live.has(key) && connectors[side.connection]) live.set(key, await liveCatalogue(connectors[side.connection]!, side.object));
  }
  const offline = await offlineCatalogues(input.files, input.root, input.apps);
  const lookup: CatalogueLookup = (connection, app, object) => {
    const found = live.get(`${connection}\u0000${object}`);
    if (found && 'missing' in found)
      return { authoritative: true, missing: true, problem: { message: found.missing.error.message, hint: found.missing.error.hint } };
    return found ? { catalogue: found, authoritative: true } : offline(connection, app, object);
  };
  const checked = validateFiles(input.files, lookup, [], undefined, input.apps);
  return { ...(checked.project ? { project: checked.project } : {}), diagnostics: checked.diagnostics.filter(isError) };
}
