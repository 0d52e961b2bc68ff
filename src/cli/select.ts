/** `--sync NAME` (repeatable): which syncs a command works on, like Terraform's -target. */
import { closestName } from '../config/closest.js';
import type { CompiledProject } from '../config/model.js';
import { CrmsyncError } from '../errors.js';

/** The named syncs, checked against the project; undefined when none was named (all syncs). */
export function selectSyncs(project: CompiledProject, names: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!names?.length) return undefined;
  for (const name of names) requireSync(project, name, '--sync ');
  return new Set(names);
}

/** The sync named `name`, or an error saying where the syncs are and which name was probably meant. */
export function requireSync(project: CompiledProject, name: string, prefix = '') {
  const sync = project.syncs.find((s) => s.name === name);
  if (sync) return sync;
  const near = closestName(
    name,
    project.syncs.map((s) => s.name),
  );
  const where = (s: { source: { file: string; line: number; col: number } }) => `${s.source.file}:${s.source.line}:${s.source.col}`;
  const meant = near ? project.syncs.find((s) => s.name === near) : undefined;
  throw new CrmsyncError(
    'unknown-sync',
    `${prefix}${name}: no sync is named ${name}`,
    meant ? `did you mean ${meant.name}? (${where(meant)})` : `the syncs are ${project.syncs.map((s) => `${s.name} (${where(s)})`).join(', ') || 'none'}`,
  );
}

/** yargs gives a repeatable string option as a string or an array. */
export const asList = (value: unknown): string[] | undefined =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : [value])
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter(Boolean);
