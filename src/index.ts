/**
 * The library API: what the CLI runs, for programs that embed crmsync (their own scheduler, their
 * own apps: pass `apps: { ...APPS, myapp }`). Every call takes the project folder that holds syncs/.
 */
import type { Apps } from './connectors/app-entry.js';
import { applyProject, loadProject, planProject, projectStatus, type Environment, type LoadedProject } from './pipeline.js';
import type { PlanOptions } from './plan/build.js';

export interface Options extends Partial<Omit<Environment, 'root'>> {
  /** The project folder (holds syncs/). */
  root: string;
}

const environment = (options: Options): Environment => ({ env: process.env, ...options });

/** Loads syncs/ and validates it offline: located diagnostics, and the compiled project when none is an error. */
export const load = (options: Options): Promise<LoadedProject> => loadProject(options.root, options.apps);

/** The diagnostics of the configuration (errors and warnings), each with its file, line and column. */
export const validate = async (options: Options) => (await load(options)).diagnostics;

/** Reads both apps of every enabled sync and plans; writes nothing. The configuration is checked against the apps' own catalogues too. */
export const plan = async (options: Options, planOptions: PlanOptions = {}, loaded?: LoadedProject) =>
  planProject(environment(options), loaded ?? (await load(options)), planOptions);

/** Plans and applies under the state lock; returns the plan applied and the tally of what happened. */
export const apply = async (options: Options, applyOptions: PlanOptions & { allowMassDelete?: boolean } = {}, loaded?: LoadedProject) =>
  applyProject(environment(options), loaded ?? (await load(options)), applyOptions);

/** Each sync's health as the state records it. */
export const status = async (options: Options, loaded?: LoadedProject) => projectStatus(environment(options), loaded ?? (await load(options)));

export { APPS } from './connectors/registry.js';
export { CrmsyncError } from './errors.js';
export type { Apps };
export type { AppCapabilities, AppEntry, OpenOptions, RunningSandbox, SandboxServer } from './connectors/app-entry.js';
export type { StandardField, StandardFields, Term } from './connectors/vocabulary.js';
export type { Catalogue, Connector, FieldDef, ReadRequest, ReadResult, RemoteRecord, WriteOp, WriteResult } from './connectors/types.js';
export type { Diagnostic } from './config/diagnostics.js';
export type { Plan } from './plan/types.js';
export type { ApplyTally } from './apply/interpret.js';
export type { SyncHealth } from './state/health.js';
export type { LoadedProject };
