/**
 * Validation in two stages: the JSON Schema for shape, then the semantic rules for meaning. All
 * problems in all files are collected; the project compiles only when there is no error.
 */
import type { AppKind } from '../connectors/types.js';
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

export function validateFiles(files: SourceFile[], catalogues: CatalogueLookup, earlier: Diagnostic[] = [], paths: PathLookup = NO_PATHS): Validated {
  const diagnostics = [...earlier];
  // A file that failed to load or parse may declare anything (connections, syncs, settings).
  const anything = earlier.some(isError) || files.some((f) => f.data === undefined);
  const ctx: RuleContext = { connections: new Map(), syncs: [], settings: [], catalogues, paths, hidden: { anything, syncs: new Set(), settings: anything } };
  for (const file of files) {
    if (file.data === undefined) continue;
    const result = checkSchema(file);
    diagnostics.push(...result.diagnostics);
    // Connection names are collected even from a file with errors, so one typo does not turn every
    // reference to its connections into a second error.
    const data = file.data as { connections?: Record<string, { app?: unknown }> };
    if (data && typeof data === 'object' && data.connections && typeof data.connections === 'object') {
      for (const [name, config] of Object.entries(data.connections)) {
        const entry: ConnectionEntry = { name, app: (config?.app ?? 'local') as AppKind, config: config as ConnectionEntry['config'], file };
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
