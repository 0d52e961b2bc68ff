/**
 * Parsing one YAML file into a located document, defensively: size cap, strict UTF-8, one
 * document per file, no duplicate keys, and a cap on alias expansion (no billion laughs).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { unclosedStart } from './syntax-start.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;

export interface SourceFile {
  /** Path relative to the project folder. */
  path: string;
  text: string;
  lineCounter: LineCounter;
  doc?: Document.Parsed;
  /** The plain data, when the file parsed cleanly. */
  data?: unknown;
}

export interface Range {
  start: number;
  end: number;
}

export function diagnosticAt(
  file: Pick<SourceFile, 'path' | 'lineCounter'>,
  range: Range,
  code: DiagnosticCode,
  message: string,
  hint?: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  const { line, col } = file.lineCounter.linePos(range.start);
  return { code, severity, file: file.path, line, col, start: range.start, end: Math.max(range.end, range.start + 1), message, hint };
}

const YAML_CODES: Record<string, DiagnosticCode> = {
  DUPLICATE_KEY: 'duplicate-key',
  TAB_AS_INDENT: 'tab-indent',
};

const YAML_HINTS: Partial<Record<DiagnosticCode, string>> = {
  'duplicate-key': 'remove or rename one of the two keys; YAML keeps only one of them',
  'tab-indent': 'indent with spaces; YAML does not allow tabs for indentation',
  'yaml-syntax': 'check the indentation and quoting around this position',
};

/** Parses file bytes. Never throws: every problem becomes a located diagnostic. */
export function parseSource(path: string, bytes: Uint8Array): { file: SourceFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const empty: SourceFile = { path, text: '', lineCounter };
  if (bytes.length > MAX_FILE_BYTES) {
    return {
      file: empty,
      diagnostics: [
        {
          code: 'file-too-large',
          severity: 'error',
          file: path,
          line: 1,
          col: 1,
          start: 0,
          end: 1,
          message: `file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`,
          hint: 'one sync per file needs far less; split the file or remove generated content',
        },
      ],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { file: empty, diagnostics: [encodingDiagnostic(path, bytes)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false, strict: true });
  const file: SourceFile = { path, text, lineCounter };
  const diagnostics: Diagnostic[] = [];
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) {
    diagnostics.push(
      diagnosticAt(
        file,
        rangeOf(list[1]!.contents) ?? { start: 0, end: 1 },
        'multiple-documents',
        'a file holds one YAML document; found a second one after `---`',
        'move each sync into its own file under syncs/',
      ),
    );
  }
  const doc = list[0];
  if (!doc || doc.contents === null) {
    diagnostics.push(
      diagnosticAt(file, { start: 0, end: 1 }, 'empty-file', 'the file has no content', 'add a `sync:` or `connections:` section, or delete the file'),
    );
    return { file, diagnostics };
  }
  file.doc = doc;
  for (const err of [...doc.errors, ...doc.warnings]) {
    const code = YAML_CODES[err.code] ?? 'yaml-syntax';
    // The parser gives up on nesting deeper than the call stack: say so, not "Maximum call stack size exceeded".
    const tooDeep = /call stack/i.test(err.message);
    const message = tooDeep ? 'the YAML nests too deeply to be read' : err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // An unclosed bracket or quote is reported where the parser gave up; point at its opener.
    const opener = code === 'yaml-syntax' ? unclosedStart(text, err.pos[0]) : undefined;
    const range = opener === undefined ? { start: err.pos[0], end: err.pos[1] } : { start: opener, end: opener + 1 };
    const hint = tooDeep
      ? 'a sync needs a few levels of nesting; flatten this value'
      : opener === undefined
        ? YAML_HINTS[code]
        : `\`${text[opener]}\` opens here and is never closed; close it, or write the value as indented block YAML`;
    diagnostics.push(diagnosticAt(file, range, code, message, hint, err.name === 'YAMLWarning' ? 'warning' : 'error'));
  }
  // One error per broken construct: the parser may report the same opener from several places.
  dedupe(diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { file, diagnostics };
  try {
    file.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(doc.contents);
    diagnostics.push(
      diagnosticAt(
        file,
        alias ?? { start: 0, end: 1 },
        'alias-limit',
        `aliases expand too much (${(error as Error).message.replace(/\.$/, '')})`,
        `a file may expand at most ${MAX_ALIAS_COUNT} aliases; write the values out or use fewer nested anchors`,
      ),
    );
  }
  return { file, diagnostics };
}

function dedupe(list: Diagnostic[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const key = `${list[i]!.start}:${list[i]!.code}`;
    if (seen.has(key)) list.splice(i--, 1);
    else seen.add(key);
  }
}

/**
 * The offset of the first byte that does not start or continue a valid UTF-8 sequence, in one pass
 * (WHATWG's decoder rules: no overlongs, no surrogates, nothing above U+10FFFF). Decoding ever
 * longer prefixes instead is quadratic: minutes for one bad byte at the end of a 1 MB file.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < lo || c > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return undefined;
}

function encodingDiagnostic(path: string, bytes: Uint8Array): Diagnostic {
  // Point at the first invalid byte; the text before it is valid, so it decodes in one go.
  const offset = firstInvalidUtf8(bytes) ?? 0;
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let k = before.indexOf('\n'); k >= 0; k = before.indexOf('\n', k + 1)) line++;
  return {
    code: 'encoding',
    severity: 'error',
    file: path,
    line,
    col: before.length - lineStart + 1,
    start: before.length,
    end: before.length + 1,
    message: `the file is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset})`,
    hint: 'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)',
  };
}

export function rangeOf(node: unknown): Range | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

function firstAlias(node: unknown): Range | undefined {
  if (isAlias(node)) return rangeOf(node);
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const found = isPair(item) ? (firstAlias(item.key) ?? firstAlias(item.value)) : firstAlias(item);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The source range of the value at `path` (ajv's instancePath, split), or of its key when `key`
 * is set. Aliases resolve to their anchor; a path that leaves the written document (merge keys,
 * defaults) falls back to the deepest node that exists.
 */
export function locate(file: SourceFile, path: Array<string | number>, key = false): Range {
  const fallback = { start: 0, end: 1 };
  if (!file.doc) return fallback;
  let node: Node | null | undefined = file.doc.contents as Node | null;
  let best: Range = rangeOf(node) ?? fallback;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(file.doc) as Node | undefined;
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return best;
      if (last && key) return rangeOf(pair.key) ?? best;
      node = pair.value as Node | null;
      best = rangeOf(node) ?? rangeOf(pair.key) ?? best;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)] as Node | undefined;
      best = rangeOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}
