/**
 * The concise view of a large plan or run, per sync: the largest changes, the fields changed most
 * often, and problems grouped by category, so 20,000 creates read as a dozen lines, not 180,000.
 */
import type { FailureCategory } from '../connectors/types.js';
import type { ConnectionUsage } from '../connectors/usage.js';
import type { Finding, Op, Plan } from '../plan/types.js';
import type { StateFile } from '../state/types.js';

/** How many of the largest changes a summary names. */
export const LARGEST_SHOWN = 5;

/** The number of fields an op writes: the measure of "largest". */
const size = (op: Op): number => (op.type === 'update' ? op.changes.length : op.type === 'create' ? Object.keys(op.fields).length : 0);

const describe = (op: Op): string => {
  if (op.type === 'update')
    return `~ ${op.connection}/${op.object} ${op.recordId}: ${op.changes.length} field(s) (${op.changes.map((c) => c.field).join(', ')})`;
  if (op.type === 'create') return `+ ${op.connection}/${op.object} new record from ${op.from}: ${Object.keys(op.fields).length} field(s)`;
  return '';
};

/** `a: 3, b: 1`, largest first, then by name for a stable order. */
export const countsText = (counts: Map<string, number>): string =>
  [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

function tally<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

/** One sync's summary lines (indented two spaces) for a plan too large to list record by record. */
export function syncSummary(plan: Plan, sync: string): string[] {
  const ops = plan.ops.filter((op) => op.sync === sync);
  const lines: string[] = [];
  // Updates first: a create's size is the mapping's, an update's is how much of a record moves.
  const largest: Op[] = ops
    .filter((op) => op.type === 'update')
    .sort((a, b) => size(b) - size(a))
    .slice(0, LARGEST_SHOWN);
  if (!largest.length)
    largest.push(
      ...ops
        .filter((op) => op.type === 'create')
        .sort((a, b) => size(b) - size(a))
        .slice(0, LARGEST_SHOWN),
    );
  if (largest.length) lines.push('  largest changes:', ...largest.map((op) => `    ${describe(op)}`));
  const fields = tally(
    ops.flatMap((op) => (op.type === 'update' ? op.changes.map((c) => `${op.connection}.${c.field}`) : [])),
    (f) => f,
  );
  if (fields.size) lines.push(`  fields updated most: ${countsText(new Map([...fields].sort(([, x], [, y]) => y - x).slice(0, 10)))}`);
  const deletes = ops.filter((op) => op.type === 'delete');
  if (deletes.length) lines.push(`  deletes: ${countsText(tally(deletes, (op) => (op.type === 'delete' ? `${op.connection} (${op.mode})` : '')))}`);
  return lines;
}

/** A sync's findings by category (R31), with each category's first hint, for a plan too large to list them one by one. */
export function findingsByCategory(findings: Finding[]): string[] {
  if (!findings.length) return [];
  const key = (f: Finding) => (f.kind === 'waiting' ? `waiting (${f.category})` : f.category);
  const hints = new Map<string, string>();
  for (const f of findings) if (f.hint && !hints.has(key(f))) hints.set(key(f), f.hint);
  return [
    `  ? ${findings.length} record(s) not synced, by category: ${countsText(tally(findings, key))}`,
    ...[...hints].map(([k, hint]) => `    ${k}: ${hint}`),
  ];
}

/**
 * The records that failed in a run (R31), by sync and category: the state's failures last tried at
 * or after `since` (the run's start). Empty when none did.
 */
export function failuresByCategory(state: StateFile, syncs: string[], since: string): string[] {
  const lines: string[] = [];
  for (const name of syncs) {
    const failed = (state.syncs[name]?.failures ?? []).filter((f) => f.lastAt >= since);
    if (!failed.length) continue;
    const hints = new Map<FailureCategory, string>();
    for (const f of failed) if (f.hint && !hints.has(f.category)) hints.set(f.category, f.hint);
    lines.push(`sync ${name}: ${failed.length} record(s) failed: ${countsText(tally(failed, (f) => f.category))}`);
    for (const [category, hint] of hints) lines.push(`  ${category}: ${hint}`);
  }
  return lines;
}

/** How the summary names an app. */
const APP_NAMES: Record<string, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', google: 'Google', local: 'the local store' };

/** `12.4 s`, `10 s`, `0.3 s`. */
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * What the apps' rate limits cost the run, one line per connection that waited: the time its
 * limiter held calls back, and the 429s answered with the pause they caused. Nothing when no call
 * waited.
 */
export function pacingLines(usage: ConnectionUsage[]): string[] {
  return usage
    .filter((u) => u.held || u.refused)
    .map((u) => {
      const app = APP_NAMES[u.app] ?? u.app;
      const parts: string[] = [];
      if (u.held) parts.push(`waited ${seconds(u.held.ms)} for ${app}'s rate limit over ${u.calls} call(s)`);
      if (u.refused) parts.push(`${u.refused.calls} 429(s) answered, waited ${seconds(u.refused.ms)} for ${app}'s window`);
      return `${u.connection} (${app}): ${parts.join('; ')}`;
    });
}
