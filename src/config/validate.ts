/**
 * Validation in two stages: the JSON Schema for shape, then the semantic rules for meaning. All
 * problems in all files are collected; the project compiles only when there is no error.
 */
import { entryOf, type Apps } from '../connectors/app-entry.js';
import { APPS } from '../connectors/registry.js';
import { append } from '../group-by.js';
import { compileProject } from './compile.js';
import type { CatalogueLookup, ConnectionEntry, RuleContext } from './context.js';
import { reporter } from './context.js';
import { isError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { CompiledProject } from './model.js';
import { NO_PATHS, type PathLookup } from './paths.js';
import { RULES } from './rules/index.js';
import { checkSchema } from './schema-check.js';
import type { SourceFile } from './source.js';

export interface Validated {
  project?: CompiledProject;
  diagnostics: Diagnostic[];
}

/**
 * The file as the published schema sees it: a connection to an app a program registered (library
 * API) has a shape the schema cannot know, so it stands in as a bare connection (its name is still
 * checked); its app's own credential rules check the rest.
 */
function schemaView(file: SourceFile, apps: Apps): SourceFile {
  const data = file.data as { connections?: Record<string, { app?: unknown } | null> } | null;
  const conns = data && typeof data === 'object' && data.connections && typeof data.connections === 'object' ? data.connections : undefined;
  const registered = (c: { app?: unknown } | null) => typeof c?.app === 'string' && !Object.hasOwn(APPS, c.app) && entryOf(apps, c.app) !== undefined;
  if (!conns || !Object.values(conns).some(registered)) return file;
  const view = Object.fromEntries(Object.entries(conns).map(([name, c]) => [name, registered(c) ? { app: 'local' } : c]));
  return { ...file, data: { ...data, connections: view } };
}

export function validateFiles(
  files: SourceFile[],
  catalogues: CatalogueLookup,
  earlier: Diagnostic[] = [],
  paths: PathLookup = NO_PATHS,
  apps: Apps = APPS,
): Validated {
  const diagnostics = [...earlier];
  // A file that failed to load or parse may declare anything (connections, syncs, settings).
  const anything = earlier.some(isError) || files.some((f) => f.data === undefined);
  const ctx: RuleContext = {
    connections: new Map(),
    syncs: [],
    settings: [],
    catalogues,
    apps,
    paths,
    hidden: { anything, syncs: new Set(), settings: anything },
  };
  for (const file of files) {
    if (file.data === undefined) continue;
    const result = checkSchema(schemaView(file, apps));
    diagnostics.push(...result.diagnostics);
    // Connection names are collected even from a file with errors, so one typo does not turn every
    // reference to its connections into a second error.
    const data = file.data as { connections?: Record<string, { app?: unknown }> };
    if (data && typeof data === 'object' && data.connections && typeof data.connections === 'object') {
      for (const [name, config] of Object.entries(data.connections)) {
        const entry: ConnectionEntry = { name, app: typeof config?.app === 'string' ? config.app : 'local', config: config as ConnectionEntry['config'], file };
        append(ctx.connections, name, entry);
      }
    }
    if (!result.ok) {
      const raw = data as { sync?: { name?: unknown }; settings?: unknown } | null;
      if (typeof raw?.sync?.name === 'string') ctx.hidden.syncs.add(raw.sync.name);
      if (raw?.settings !== undefined) ctx.hidden.settings = true;
      continue;
    }
    const valid = file.data as import('./schema-types.js').SyncFile;
    if (valid.sync) ctx.syncs.push({ sync: valid.sync, file });
    if (valid.settings) ctx.settings.push({ settings: valid.settings, file });
  }
  const report = reporter(diagnostics);
  for (const rule of Object.values(RULES)) rule(ctx, report);
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some(isError)) return { diagnostics: sorted };
  return { project: compileProject(ctx), diagnostics: sorted };
}
