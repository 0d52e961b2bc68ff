/** What the semantic rules see: every schema-valid file, indexed, with helpers to locate a path. */
import { entryOf, type AppEntry, type Apps } from '../connectors/app-entry.js';
import type { AppName, Catalogue, FieldDef } from '../connectors/types.js';
import type { Diagnostic, DiagnosticCode, Severity } from './diagnostics.js';
import type { PathLookup } from './paths.js';
import type { Connection, Settings, Sync } from './schema-types.js';
import { diagnosticAt, locate, type SourceFile } from './source.js';

export type Path = Array<string | number>;

export interface CatalogueInfo {
  catalogue?: Catalogue;
  /** Read from the app or the store itself; otherwise a built-in list that may lack custom fields. */
  authoritative: boolean;
  /** The app answered that it has no such object (a custom object not created yet, R7). */
  missing?: boolean;
  /** The app's own account of what is missing or ambiguous, and the names it does have. */
  problem?: { message: string; hint?: string };
}

/** Looks up the catalogue of `object` in the app behind `connection`. */
export type CatalogueLookup = (connection: string, app: AppName, object: string) => CatalogueInfo;

export interface ConnectionEntry {
  name: string;
  app: AppName;
  config: Connection;
  file: SourceFile;
}

export interface SyncEntry {
  sync: Sync;
  file: SourceFile;
}

export interface RuleContext {
  connections: Map<string, ConnectionEntry[]>;
  syncs: SyncEntry[];
  settings: Array<{ settings: Settings; file: SourceFile }>;
  catalogues: CatalogueLookup;
  /** The apps connections may name (connectors/registry.ts). */
  apps: Apps;
  /** What is at each path the files name (state, secrets file, local stores). */
  paths: PathLookup;
  /**
   * What files that could not be parsed, or failed the schema, may declare. A name one of them
   * might hold is not reported as undeclared: that error would only follow from the first one.
   */
  hidden: { anything: boolean; syncs: Set<string>; settings: boolean };
}

export type Report = (
  file: SourceFile,
  path: Path,
  code: DiagnosticCode,
  message: string,
  hint?: string,
  options?: { key?: boolean; severity?: Severity },
) => void;

export type Rule = (ctx: RuleContext, report: Report) => void;

export function reporter(out: Diagnostic[]): Report {
  return (file, path, code, message, hint, options) =>
    out.push(diagnosticAt(file, locate(file, path, options?.key ?? false), code, message, hint, options?.severity ?? 'error'));
}

export const fieldOf = (catalogue: Catalogue | undefined, name: string): FieldDef | undefined => catalogue?.fields.find((f) => f.name === name);

/** The connection entry a name refers to, when it is declared exactly once. */
export function connectionNamed(ctx: RuleContext, name: string | undefined): (ConnectionEntry & { entry: AppEntry }) | undefined {
  const found = name === undefined ? undefined : ctx.connections.get(name);
  // A connection whose `app` is invalid has its own schema error; rules skip it.
  const entry = found?.length === 1 ? entryOf(ctx.apps, found[0]!.app) : undefined;
  return entry && { ...found![0]!, entry };
}
