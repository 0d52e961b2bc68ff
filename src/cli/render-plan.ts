/** Terraform-like text for a plan: +/~/- per record, field old → new with the reason, a summary. */
import { refText } from '../plan/associations.js';
import { APP_OPS, type Op, type Plan, type SideSummary } from '../plan/types.js';
import { findingsByCategory, syncSummary } from './render-summary.js';

/** A value for the terminal: long ones are cut, so one huge field cannot flood a CI log. */
function value(v: unknown, redact: boolean): string {
  if (redact) return '(redacted)';
  if (v === null || v === undefined) return '(blank)';
  const text = JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 120)}… (${text.length} characters)` : text;
}

export function renderOp(op: Op, redact: boolean, refreshOnly = false): string[] {
  const at = `${op.source.file}:${op.source.line}`;
  switch (op.type) {
    case 'create':
      return [
        `  + ${op.connection}/${op.object} new record (from ${op.from})   [${op.reason.rule}] ${op.reason.message}`,
        ...Object.entries(op.fields).map(([k, v]) => `      + ${k} = ${value(v, redact)}`),
      ];
    case 'update':
      return [
        `  ~ ${op.connection}/${op.object} ${op.recordId}   [${op.reason.rule}] ${op.reason.message}`,
        ...op.changes.map(
          (c) =>
            `      ~ ${c.field}: ${value(c.old, redact)} → ${value(c.new, redact)}   [${c.reason.rule}] ${c.reason.message} (${c.source.file}:${c.source.line})`,
        ),
      ];
    case 'delete':
      return [`  - ${op.connection}/${op.object} ${op.recordId} (${op.mode})   [${op.reason.rule}] ${op.reason.message} (${at})`];
    case 'link':
      return [`  = link ${op.link.left} ↔ ${op.link.right}   [${op.reason.rule}] ${op.reason.message}`];
    case 'link-created': {
      const made = `the record ${op.created} creates`;
      const [left, right] = op.side === 'left' ? [made, op.existing] : [op.existing, made];
      return [`  = link ${left} ↔ ${right}   [${op.reason.rule}] ${op.reason.message}`];
    }
    case 'relink':
      return [
        `  = link ${op.link.left} ↔ ${op.link.right} now ${op.side === 'left' ? `${op.to} ↔ ${op.link.right}` : `${op.link.left} ↔ ${op.to}`}   [${op.reason.rule}] ${op.reason.message}`,
      ];
    case 'forget':
      return [`  ! ${op.link.left} ↔ ${op.link.right}   [${op.reason.rule}] ${op.reason.message}`];
    case 'associate':
      return [`  ⇄ ${op.connection}/${op.object} ${refText(op.from)} → ${op.toObject} ${refText(op.to)}   [${op.reason.rule}] ${op.reason.message}`];
    case 'rebase':
      // A refresh-only plan's only news: the values it accepts as the new base.
      return refreshOnly ? [`  ≈ ${op.link.left} ↔ ${op.link.right} base updated   [${op.reason.rule}] ${op.reason.message}`] : [];
    case 'mark':
      return [`  ${op.excluded ? '⊘' : '⊕'} ${op.link.left} ↔ ${op.link.right}   [${op.reason.rule}] ${op.reason.message}`];
    case 'create-field':
      return [`  + ${op.connection}/${op.object} field ${op.field.name} (${op.field.type})   [${op.reason.rule}] ${op.reason.message}`];
  }
}

export function countChanges(plan: Plan): number {
  return plan.ops.filter((op) => APP_OPS.has(op.type) || op.type === 'link' || op.type === 'link-created' || op.type === 'relink' || op.type === 'forget')
    .length;
}

/** State-only changes of a refresh-only plan (links, relinks, bases, marks, forgets). */
export const countStateChanges = (plan: Plan): number => plan.ops.filter((op) => !APP_OPS.has(op.type)).length;

/** The lines that say what kind of plan this is: selected syncs, refresh-only. */
export function planHeader(plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.selected) lines.push(`Selected syncs (--sync): ${plan.selected.join(', ')}; the others were not read.`);
  if (plan.refreshOnly) lines.push('Refresh-only plan: links, base values and cursors are updated in the state; nothing is written to the apps.');
  return lines;
}

/** The plan's last line: refresh-only, or the verdict (planVerdict). */
export function planFooter(plan: Plan): string {
  if (plan.refreshOnly) return `Refresh-only: ${countStateChanges(plan)} state change(s); cursors advance; no app is written.`;
  return planVerdict(plan);
}

/** Above this many operations, `apply` prints the summaries only, unless `--verbose`. */
export const DETAIL_LIMIT = 500;

/**
 * The plan as text. With `summaryAbove`, a plan of more operations shows each sync's summary only
 * (a plan of 100,000 records printed in full is tens of megabytes no one reads before applying).
 */
export function renderPlan(plan: Plan, options: { redact: boolean; summaryAbove?: number }): string {
  const lines: string[] = planHeader(plan);
  if (lines.length) lines.push('');
  const detailed = options.summaryAbove === undefined || plan.ops.length <= options.summaryAbove;
  for (const s of plan.syncs) {
    lines.push(`sync ${s.name}: ${s.left.connection}/${s.left.object} ↔ ${s.right.connection}/${s.right.object}`);
    if (s.note) {
      lines.push(`  (${s.note})`, '');
      continue;
    }
    if (s.reconcile) lines.push(`  ~ ${s.reconcile}: both apps read in full`);
    for (const side of ['left', 'right'] as const) {
      if (!s[side].complete)
        lines.push(`  ! the read of ${s[side].connection} was incomplete${readError(s[side])}: no deletes and no creates into it, cursor not advanced`);
    }
    if (detailed) {
      for (const op of plan.ops) if (op.sync === s.name) lines.push(...renderOp(op, options.redact, plan.refreshOnly));
    } else lines.push(...syncSummary(plan, s.name));
    const findings = plan.findings.filter((x) => x.sync === s.name);
    const byCategory = detailed ? [] : findingsByCategory(findings);
    lines.push(...byCategory);
    let waiting = 0;
    for (const f of byCategory.length ? [] : findings) {
      // One line per waiting record would flood a log during an outage: the first few, then a count.
      if (f.kind === 'waiting' && ++waiting > WAITING_SHOWN) continue;
      lines.push(`  ? ${s[f.side].connection} ${f.recordId}: [${f.rule}] ${f.message}${f.hint ? ` (hint: ${f.hint})` : ''}`);
    }
    if (waiting > WAITING_SHOWN) lines.push(`  ? … and ${waiting - WAITING_SHOWN} more record(s) waiting (crmsync status --records lists them after an apply)`);
    const c = s.counts;
    const side = (name: string, k: typeof c.left) =>
      `  ${name}: ${k.create} to create, ${k.update} to update, ${k.delete} to delete, ${k.associate} association(s) to add`;
    lines.push(
      side(s.left.connection, c.left),
      side(s.right.connection, c.right),
      `  ${s.link ?? 0} pair(s) to link; ${s.inSync} linked pair(s) in sync${s.diverged ? ` (${s.diverged} of them differ on purpose: a blank never wipes a value, R12, or a one-way target keeps its own edit, R13)` : ''}${s.unread ? `, ${s.unread} not read` : ''}; excluded by filters: ${s.left.connection} ${s.excluded.left}, ${s.right.connection} ${s.excluded.right}` +
        (waiting ? `; waiting for a complete read: ${waiting}` : ''),
      '',
    );
  }
  if (!detailed)
    lines.push(
      `(${plan.ops.length} operations, too many to list one by one: pass --verbose to list each record, or save the plan with crmsync plan --out FILE)`,
    );
  lines.push(planFooter(plan));
  return lines.join('\n');
}

const WAITING_SHOWN = 20;

const readError = (side: SideSummary) => (side.error ? ` (${side.error.category}: ${side.error.code})` : '');

/** The apps whose read was incomplete, as `hubspot (network: ECONNREFUSED)`. */
export function incompleteReads(plan: Plan): string[] {
  const out = new Set<string>();
  for (const s of plan.syncs) for (const side of [s.left, s.right]) if (!s.note && !side.complete) out.add(`${side.connection}${readError(side)}`);
  return [...out];
}

/** The plan's last line: "Both apps match" only when every app was read completely and nothing waits. */
export function planVerdict(plan: Plan): string {
  const n = countChanges(plan);
  const incomplete = incompleteReads(plan);
  const waiting = plan.findings.filter((f) => f.kind === 'waiting').length;
  const earlier = plan.findings.filter((f) => f.kind === 'failed-earlier').length;
  if (incomplete.length) {
    return `Incomplete: could not read ${incomplete.join(', ')} completely; ${n} change(s) planned from what was read, ${waiting} record(s) waiting. Nothing is deleted or created on the strength of a partial read.`;
  }
  if (n > 0) return `Plan: ${n} change(s).${earlier ? ` ${earlier} record(s) failed earlier and wait for their retry.` : ''}`;
  if (earlier) return `No changes; ${earlier} record(s) failed earlier and wait for their retry (crmsync status lists them).`;
  const diverged = plan.syncs.reduce((sum, s) => sum + (s.diverged ?? 0), 0);
  // "Both apps match" only when they do: pairs kept apart on purpose are counted instead.
  return diverged ? `No changes. ${diverged} linked pair(s) differ on purpose and are left as they are.` : 'No changes. Both apps match.';
}
