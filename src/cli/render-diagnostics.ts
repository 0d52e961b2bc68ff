import { renderDiagnostic, type Diagnostic } from '../config/diagnostics.js';
import type { SourceFile } from '../config/source.js';

export function renderDiagnostics(diagnostics: Diagnostic[], files: SourceFile[]): string {
  const sources = new Map(files.map((f) => [f.path, f.text]));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return [...diagnostics.map((d) => renderDiagnostic(d, sources)), `${errors} error(s), ${warnings} warning(s)`].join('\n\n');
}

/** Warnings that plan and apply repeat, since they name a risk of the run itself (not just of the files). */
const RUN_WARNINGS = new Set(['no-create-marker']);

export function renderRunWarnings(diagnostics: Diagnostic[], files: SourceFile[]): string | undefined {
  const sources = new Map(files.map((f) => [f.path, f.text]));
  const shown = diagnostics.filter((d) => d.severity === 'warning' && RUN_WARNINGS.has(d.code));
  return shown.length ? shown.map((d) => renderDiagnostic(d, sources)).join('\n\n') : undefined;
}
