/**
 * The project's state, where settings.state puts it (a file, or PostgreSQL): opened, read, or held
 * under its lock for a run that writes it.
 */
import ms from 'ms';
import { resolve } from 'node:path';
import type { CompiledProject } from '../config/model.js';
import { parseSecrets } from '../connectors/secrets.js';
import { CrmsyncError } from '../errors.js';
import { openBackend, stateLocation, type StateBackend, type WithStateOptions } from './backend.js';
import { readOnlyStore, type StateStore } from './store.js';

/** Where the project is, and the environment its state settings may name. */
export interface ProjectPlace {
  root: string;
  env: NodeJS.ProcessEnv;
}

/** The project's state backend (settings.state): a file, or PostgreSQL. The caller closes it. */
export async function projectBackend(where: ProjectPlace, project: CompiledProject): Promise<StateBackend> {
  return openBackend(await projectStateLocation(where, project), where.root);
}

/** Where the project's state lives: a file path or a postgres:// URL (settings.state, resolved). */
export async function projectStateLocation(where: ProjectPlace, project: CompiledProject): Promise<string> {
  const { settings } = project;
  const secrets = settings.stateRef?.secret !== undefined && settings.secretsFile ? await parseSecrets(resolve(where.root, settings.secretsFile)) : {};
  return stateLocation(settings, where.env, secrets);
}

/** The state for reading only (plan, status): commands that write state use withProjectState. */
export async function readProjectState(where: ProjectPlace, project: CompiledProject): Promise<StateStore> {
  const backend = await projectBackend(where, project);
  try {
    return readOnlyStore(backend.where, await backend.read());
  } finally {
    await backend.close();
  }
}

/** Runs `fn` with the project's state, locked first (a file whole, PostgreSQL per sync of the project), read second, written only under the lock. */
export async function withProjectState<T>(
  where: ProjectPlace,
  project: CompiledProject,
  operation: string,
  options: WithStateOptions,
  fn: (state: StateStore) => Promise<T>,
): Promise<T> {
  const backend = await projectBackend(where, project);
  try {
    const lease = where.env.CRMSYNC_LEASE ? ms(where.env.CRMSYNC_LEASE as ms.StringValue) : undefined;
    if (lease !== undefined && !(lease > 0))
      throw new CrmsyncError('usage', `CRMSYNC_LEASE=${where.env.CRMSYNC_LEASE} is not a duration`, 'write e.g. 60s (the default) or 5m');
    return await backend.withState(operation, { syncs: project.syncs.map((s) => s.name), ...(lease ? { leaseMs: lease } : {}), ...options }, fn);
  } finally {
    await backend.close();
  }
}
