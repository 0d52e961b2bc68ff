import { renderDiagnostic, type Diagnostic } from '../config/diagnostics.js';
import type { SourceFile } from '../config/source.js';

export function renderDiagnostics(diagnostics: Diagnostic[], files: SourceFile[]): string {
  const sources = new Map(files.map((f) => [f.path, f.text]));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return [...diagnostics.map((d) => renderDiagnostic(d, sources)), `${errors} error(s), ${warnings} warning(s)`].join('\n\n');
}
