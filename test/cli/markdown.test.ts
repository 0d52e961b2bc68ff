/** `plan --format markdown`: a summary table, a collapsible section per sync, redaction and the size cap. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MARKDOWN_MARKER, renderMarkdown } from '../../src/cli/render-markdown.js';
import type { Plan } from '../../src/plan/types.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('Markdown plan');

test('plan --format markdown: table of counts per app, one <details> per sync, a diff block with the values', async () => {
  const p = project(twoStores());
  const r = await p.run('plan', '--format', 'markdown');
  assert.is(r.code, 0, r.stderr);
  const md = r.stdout;
  assert.ok(md.startsWith(`${MARKDOWN_MARKER}\n### crmsync plan`));
  assert.match(md, '| contacts | a/contacts | 3 | 0 | 0 |\n| contacts | b/contacts | 3 | 0 | 0 |');
  assert.match(md, '<details><summary>sync contacts: a/contacts ↔ b/contacts (9 change(s))</summary>\n\n```diff\n');
  // Markers at the start of each line, so GitHub colours them.
  assert.match(md, /\n\+ b\/contacts new record \(from 1\)/);
  assert.match(md, /\n\+ {4}email = "/);
  assert.is(md.split('<details>').length - 1, 1);
  assert.is(md.split('</details>').length - 1, 1);
  const redacted = (await p.run('plan', '--format', 'markdown', '--redact')).stdout;
  assert.match(redacted, '\n+    email = (redacted)');
  assert.not.match(redacted, '@');
  assert.match(redacted, '_Values are redacted._');
});

test('the size cap: whole changes only, the rest counted; fences and HTML in values cannot break out', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 60, companies: 0, from: 0 }', seedB: '{ contacts: 0, companies: 0, from: 0 }' }));
  await p.run('plan', '--out', 'plan.json');
  const plan = JSON.parse(p.read('plan.json')) as Plan;
  const create = plan.ops.find((o) => o.type === 'create')!;
  if (create.type === 'create') create.fields.jobtitle = '```\n</details><script>x</script>';
  const full = renderMarkdown(plan, { redact: false });
  assert.not.match(full, 'more change(s) not shown');
  assert.is(full.split('```').length - 1, 2, "only the block's own fences");
  const capped = renderMarkdown(plan, { redact: false, maxChars: 3000 });
  assert.ok(capped.length <= 3000, `${capped.length} characters`);
  const shown = (capped.match(/\n\+ b\/contacts new record/g) ?? []).length;
  assert.ok(shown > 0 && shown < 60);
  assert.match(capped, `_… ${60 - shown} more change(s) not shown (size cap); \`crmsync show <plan file>\` lists them all._`);
  assert.match(capped, '| contacts | b/contacts | 60 | 0 | 0 |');
  assert.is(records(p.store('b')).length, 0);
});

test.run();
