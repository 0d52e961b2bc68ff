/** Terraform-like text for a plan: +/~/- per record, field old → new with the reason, a summary. */
import { APP_OPS, type Op, type Plan } from '../plan/types.js';

/** A value for the terminal: long ones are cut, so one huge field cannot flood a CI log. */
function value(v: unknown, redact: boolean): string {
  if (redact) return '(redacted)';
  if (v === null || v === undefined) return '(blank)';
  const text = JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 120)}… (${text.length} characters)` : text;
}

function renderOp(op: Op, redact: boolean): string[] {
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
        ...op.changes.map((c) => `      ~ ${c.field}: ${value(c.old, redact)} → ${value(c.new, redact)}   [${c.reason.rule}] ${c.reason.message} (${c.source.file}:${c.source.line})`),
      ];
    case 'delete':
      return [`  - ${op.connection}/${op.object} ${op.recordId} (${op.mode})   [${op.reason.rule}] ${op.reason.message} (${at})`];
    case 'link':
      return [`  = link ${op.link.l} ↔ ${op.link.r}   [${op.reason.rule}] ${op.reason.message}`];
    case 'relink':
      return [`  = link ${op.link.l} ↔ ${op.link.r} now ${op.side === 'left' ? `${op.to} ↔ ${op.link.r}` : `${op.link.l} ↔ ${op.to}`}   [${op.reason.rule}] ${op.reason.message}`];
    case 'forget':
      return [`  ! ${op.link.l} ↔ ${op.link.r}   [${op.reason.rule}] ${op.reason.message}`];
    case 'associate':
      return [`  ⇄ ${op.connection}/${op.object} ${op.fromId} → ${op.toObject} ${op.toId}   [${op.reason.rule}] ${op.reason.message}`];
    case 'rebase':
      return [];
    case 'mark':
      return [`  ${op.excluded ? '⊘' : '⊕'} ${op.link.l} ↔ ${op.link.r}   [${op.reason.rule}] ${op.reason.message}`];
    case 'create-field':
      return [`  + ${op.connection}/${op.object} field ${op.field.name} (${op.field.type})   [${op.reason.rule}] ${op.reason.message}`];
  }
}

export function countChanges(plan: Plan): number {
  return plan.ops.filter((op) => APP_OPS.has(op.type) || op.type === 'link' || op.type === 'relink' || op.type === 'forget').length;
}

/** Above this many operations, `apply` prints the summaries only, unless `--verbose`. */
export const DETAIL_LIMIT = 500;

/**
 * The plan as text. With `summaryAbove`, a plan of more operations shows each sync's summary only
 * (a plan of 100,000 records printed in full is tens of megabytes no one reads before applying).
 */
export function renderPlan(plan: Plan, options: { redact: boolean; summaryAbove?: number }): string {
  const lines: string[] = [];
  const detailed = options.summaryAbove === undefined || plan.ops.length <= options.summaryAbove;
  for (const s of plan.syncs) {
    lines.push(`sync ${s.name}: ${s.left.connection}/${s.left.object} ↔ ${s.right.connection}/${s.right.object}`);
    if (s.note) {
      lines.push(`  (${s.note})`, '');
      continue;
    }
    if (s.reconcile) lines.push(`  ~ ${s.reconcile}: both apps read in full`);
    for (const side of ['left', 'right'] as const) if (!s[side].complete) lines.push(`  ! the read of ${s[side].connection} was incomplete: no deletes, cursor not advanced`);
    if (detailed) for (const op of plan.ops) if (op.sync === s.name) lines.push(...renderOp(op, options.redact));
    for (const f of plan.findings.filter((x) => x.sync === s.name)) lines.push(`  ? ${s[f.side].connection} ${f.recordId}: [${f.rule}] ${f.message}${f.hint ? ` (hint: ${f.hint})` : ''}`);
    const c = s.counts;
    lines.push(
      `  ${s.left.connection}: ${c.left.create} to create, ${c.left.update} to update, ${c.left.delete} to delete`,
      `  ${s.right.connection}: ${c.right.create} to create, ${c.right.update} to update, ${c.right.delete} to delete`,
      `  ${s.inSync} linked pair(s) in sync${s.diverged ? ` (${s.diverged} of them differ on purpose: a blank never wipes a value, R12, or a one-way target keeps its own edit, R13)` : ''}; excluded by filters: ${s.left.connection} ${s.excluded.left}, ${s.right.connection} ${s.excluded.right}`,
      '',
    );
  }
  const n = countChanges(plan);
  if (!detailed) lines.push(`(${plan.ops.length} operations, too many to list one by one: pass --verbose to list each record, or save the plan with crmsync plan --out FILE)`);
  const diverged = plan.syncs.reduce((sum, s) => sum + (s.diverged ?? 0), 0);
  // "Both apps match" only when they do: pairs kept apart on purpose are counted instead.
  const none = diverged ? `No changes. ${diverged} linked pair(s) differ on purpose and are left as they are.` : 'No changes. Both apps match.';
  lines.push(n === 0 ? none : `Plan: ${n} change(s).`);
  return lines.join('\n');
}
