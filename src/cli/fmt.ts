/**
 * `crmsync fmt`: rewrites syncs/*.yaml in one layout (two-space indents, sequences indented under
 * their key, flow maps spaced, no line folding), keeping every comment, through the yaml
 * library's document model. A file with a syntax error is shown as a diagnostic and left alone.
 * `--check` changes nothing and exits 1 when a file would change (for CI).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isError } from '../config/diagnostics.js';
import { loadSyncs } from '../config/load.js';
import { EXIT, println, type CliIO } from './io.js';
import { renderDiagnostics } from './render-diagnostics.js';
import { envelopeStatus, fromDiagnostic, printEnvelope } from './envelope.js';

/** One file's text in the canonical layout; undefined when it does not parse. */
export function formatYaml(text: string): string | undefined {
  const docs = parseAllDocuments(text, { keepSourceTokens: false });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length)) return undefined;
  return docs.map((d) => d.toString({ indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: true })).join('');
}

export async function fmtCommand(io: CliIO, args: { check: boolean; json?: boolean }): Promise<number> {
  const loaded = await loadSyncs(io.cwd);
  const broken = loaded.diagnostics.filter(isError);
  const bad = new Set(broken.map((d) => d.file));
  const changed: string[] = [];
  for (const file of loaded.files) {
    if (bad.has(file.path)) continue;
    const path = join(io.cwd, file.path);
    const text = await readFile(path, 'utf8');
    const formatted = formatYaml(text);
    if (formatted === undefined || formatted === text) continue;
    changed.push(file.path);
    if (!args.check) await writeFile(path, formatted);
  }
  const code = broken.length || (args.check && changed.length) ? EXIT.error : EXIT.ok;
  if (args.json) {
    const files = changed.map((path) => ({ path, change: args.check ? ('would-reformat' as const) : ('formatted' as const) }));
    // --check: each file that would change is an error, so a failed status always says why.
    const unformatted = args.check
      ? changed.map((file) => ({
          code: 'unformatted',
          severity: 'error' as const,
          message: `${file} is not in crmsync fmt's layout`,
          hint: 'run crmsync fmt',
          file,
        }))
      : [];
    printEnvelope(io, 'fmt', envelopeStatus(code), [...broken.map(fromDiagnostic), ...unformatted], { files });
    return code;
  }
  if (broken.length) println(io.stderr, renderDiagnostics(broken, loaded.files));
  for (const path of changed) println(io.stdout, args.check ? `would reformat ${path}` : `formatted ${path}`);
  if (!changed.length && !broken.length) println(io.stdout, 'All files are formatted.');
  return code;
}
