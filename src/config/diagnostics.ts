/**
 * Problems with the user's configuration, as data: a closed set of codes, a location, a message
 * that names the option and the bad value, and a hint that says what to do.
 */
export type DiagnosticCode =
  // reading and parsing
  | 'no-config'
  | 'file-unreadable'
  | 'file-too-large'
  | 'not-a-file'
  | 'outside-syncs'
  | 'encoding'
  | 'yaml-syntax'
  | 'tab-indent'
  | 'duplicate-key'
  | 'alias-limit'
  | 'multiple-documents'
  | 'empty-file'
  // shape (JSON Schema)
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'invalid-value'
  | 'empty-value'
  | 'too-many-items'
  // meaning (semantic rules)
  | 'duplicate-connection'
  | 'duplicate-settings'
  | 'duplicate-sync'
  | 'unknown-connection'
  | 'same-connection'
  | 'winner-not-in-sync'
  | 'missing-from'
  | 'from-not-in-sync'
  | 'from-without-one-way'
  | 'object-not-supported'
  | 'missing-object'
  | 'unknown-field'
  | 'unsyncable-field'
  | 'incompatible-types'
  | 'required-field-unmapped'
  | 'required-mapping-disabled'
  | 'read-only-field'
  | 'writes-to-source'
  | 'duplicate-mapping'
  | 'option-not-supported'
  | 'unknown-sync'
  | 'association-not-supported'
  | 'missing-credentials'
  | 'inline-secret'
  | 'credentials-conflict'
  | 'soap-login-unavailable'
  | 'soap-login-retiring'
  | 'sandbox-option'
  | 'missing-secrets-file'
  | 'custom-object-direction'
  | 'activity-direction'
  | 'no-mappings'
  | 'no-create-marker'
  | 'path-unusable';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** Path relative to the project folder, e.g. `syncs/contacts.yaml`. */
  file: string;
  /** 1-based line and column of the start of the offending node. */
  line: number;
  col: number;
  /** Byte-free character offsets into the file, for the caret frame. */
  start: number;
  end: number;
  message: string;
  hint?: string;
}

export const isError = (d: Diagnostic) => d.severity === 'error';

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code));
}

// Control characters (a terminal escape that clears the screen, a bell) and bidi overrides (text
// that reads differently than it is) from a hostile file must not act on the user's terminal.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every unprintable character replaced one for one, so columns stay where they were. */
export const printable = (text: string) => text.replace(UNPRINTABLE, '\ufffd');

/**
 * Renders `syncs/x.yaml:12:5 error[unknown-key] message`, the source line with a caret under the
 * node, and the hint. `sources` maps file → text, for the frame; a missing text just skips it.
 */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>): string {
  const head = printable(`${d.file}:${d.line}:${d.col} ${d.severity}[${d.code}] ${d.message}`);
  const lines = [head];
  const text = sources.get(d.file);
  if (text !== undefined) {
    const lineText = text.split(/\r?\n/)[d.line - 1];
    if (lineText !== undefined && lineText.length <= 300) {
      const width = Math.max(1, Math.min(d.end - d.start, lineText.length - d.col + 1));
      const gutter = String(d.line).padStart(4);
      lines.push(`${gutter} | ${printable(lineText)}`);
      lines.push(`${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, d.col - 1))}${'^'.repeat(width)}`);
    }
  }
  if (d.hint) lines.push(`  hint: ${printable(d.hint)}`);
  return lines.join('\n');
}
