/**
 * A plan as GitHub-flavoured Markdown for a pull-request comment: a summary table, then one
 * collapsible section per sync with its changes as a diff block. Values can be redacted, and the
 * whole stays under a size cap (GitHub refuses comments over 65,536 characters): changes past the
 * cap are counted, not shown.
 */
import type { Plan } from '../plan/types.js';
import { planFooter, planHeader, renderOp } from './render-plan.js';

export interface MarkdownOptions {
  redact: boolean;
  /** Characters the whole comment may take; the default leaves room under GitHub's 65,536. */
  maxChars?: number;
}

/** A marker the CI recipe finds its own comment by, to update it rather than add another. */
export const MARKDOWN_MARKER = '<!-- crmsync-plan -->';

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A fence inside a value would end the code block early. */
const unfence = (line: string) => line.replace(/`{3,}/g, (m) => '\u02cb'.repeat(m.length));
/** A diff block colours a line by its first character: the marker moves to the start of the line. */
const diffLine = (line: string) => unfence(line.slice(2).replace(/^(\s+)(\S) /, (_, space: string, mark: string) => `${mark}${space}`));

export function renderMarkdown(plan: Plan, options: MarkdownOptions): string {
  const max = options.maxChars ?? 60_000;
  const head: string[] = [MARKDOWN_MARKER, '### crmsync plan', ''];
  for (const line of planHeader(plan)) head.push(`> ${line}`, '');
  head.push(`**${planFooter(plan)}**`, '', '| sync | app | create | update | delete |', '| --- | --- | ---: | ---: | ---: |');
  for (const s of plan.syncs) {
    if (s.note) {
      head.push(`| ${s.name} | — | — | — | ${html(s.note)} |`);
      continue;
    }
    for (const side of ['left', 'right'] as const) {
      const c = s.counts[side];
      head.push(`| ${s.name} | ${s[side].connection}/${s[side].object} | ${c.create} | ${c.update} | ${c.delete} |`);
    }
  }
  head.push('');
  let size = head.join('\n').length;
  const body: string[] = [];
  let hidden = 0;
  for (const s of plan.syncs) {
    if (s.note) continue;
    // One entry per change (or finding): an entry is shown whole or counted among the rest.
    const entries: string[][] = [];
    for (const op of plan.ops) if (op.sync === s.name) entries.push(renderOp(op, options.redact, plan.refreshOnly).map(diffLine));
    for (const f of plan.findings) if (f.sync === s.name) entries.push([unfence(`? ${s[f.side].connection} ${f.recordId}: [${f.rule}] ${f.message}`)]);
    const nonEmpty = entries.filter((e) => e.length);
    if (!nonEmpty.length) continue;
    const open = [
      `<details><summary>${html(`sync ${s.name}: ${s.left.connection}/${s.left.object} ↔ ${s.right.connection}/${s.right.object}`)} (${nonEmpty.length} change(s))</summary>`,
      '',
      '```diff',
    ];
    const close = ['```', '', '</details>', ''];
    const frame = open.join('\n').length + close.join('\n').length + 2;
    const shown: string[] = [];
    for (const entry of nonEmpty) {
      const length = entry.join('\n').length + 1;
      if (size + frame + length > max - 200) {
        hidden++;
        continue;
      }
      shown.push(...entry);
      size += length;
    }
    if (shown.length) body.push(...open, ...shown, ...close), (size += frame);
  }
  const tail = hidden ? [`_… ${hidden} more change(s) not shown (size cap); \`crmsync show <plan file>\` lists them all._`] : [];
  if (plan.redacted || options.redact) tail.push('_Values are redacted._');
  return [...head, ...body, ...tail].join('\n');
}
