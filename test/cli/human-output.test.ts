/**
 * Human output of a large run: each sync's counts by app and operation, its largest changes, the
 * fields changed most and its problems by category; every record only with --verbose. After an
 * apply, the records that failed in it, by category (R31).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DETAIL_LIMIT } from '../../src/cli/render-plan.js';
import { findingsByCategory, LARGEST_SHOWN } from '../../src/cli/render-summary.js';
import type { Finding } from '../../src/plan/types.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('human output');

test(`plan: above ${DETAIL_LIMIT} operations a summary per sync, every record with --verbose, below it every record`, async () => {
  const p = project(twoStores({ seedA: '{ contacts: 400, companies: 0, from: 0 }', seedB: '{ contacts: 400, companies: 0, from: 200 }' }));
  const plan = await p.run('plan');
  assert.is(plan.code, 0, plan.stderr);
  assert.not.match(plan.stdout, 'new record (from');
  assert.match(plan.stdout, '  a: 200 to create, 0 to update, 0 to delete');
  assert.match(plan.stdout, '  b: 200 to create, 0 to update, 0 to delete');
  // With no updates, the largest changes are creates: the first few, not all 400.
  assert.is(plan.stdout.split('\n').filter((l) => /^ {4}\+ [ab]\/contacts new record from /.test(l)).length, LARGEST_SHOWN);
  assert.match(plan.stdout, 'pass --verbose');
  assert.ok(plan.stdout.split('\n').length < 40, `${plan.stdout.split('\n').length} lines`);
  const verbose = await p.run('plan', '--verbose');
  assert.is(verbose.stdout.split('new record (from').length - 1, 400);
});

test('the largest changes are the updates that move the most fields; fields updated most are counted', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 600, companies: 0, from: 0 }', seedB: '{ contacts: 0, companies: 0 }' }));
  assert.is((await p.run('apply', '--yes')).code, 0);
  const ids = records(p.store('a')).map((r) => r.id);
  p.editStore('a', (d) => {
    for (const id of ids) d.objects.contacts!.records[id]!.fields.jobtitle = `Title ${id}`;
    // One record changes three fields: it leads the largest changes.
    Object.assign(d.objects.contacts!.records[ids[7]!]!.fields, { city: 'Lyon', country: 'France' });
  });
  const plan = await p.run('plan', '--out', 'plan.json');
  assert.is(plan.code, 0, plan.stderr);
  const lines = plan.stdout.split('\n');
  const at = lines.indexOf('  largest changes:');
  assert.ok(at > 0, plan.stdout);
  const partner = p.state().syncs.contacts!.links.find((l) => l.left === ids[7])!.right;
  assert.match(lines[at + 1]!, new RegExp(`^ {4}~ b/contacts ${partner}: 3 field\\(s\\) \\(`));
  assert.match(plan.stdout, '  fields updated most: b.jobtitle 600, b.city 1, b.country 1');
  assert.match(plan.stdout, 'b: 0 to create, 600 to update');
  // show renders a saved plan the same way.
  const shown = await p.run('show', 'plan.json');
  assert.match(shown.stdout, '  fields updated most: b.jobtitle 600');
  assert.is((await p.run('show', 'plan.json', '--verbose')).stdout.split('~ jobtitle:').length - 1, 600);
});

test('apply: the records that failed in the run, by sync and category, with the hint', async () => {
  const p = project(twoStores());
  assert.is((await p.run('apply', '--yes')).code, 0);
  // Two of a's records take emails b already holds on other records: b refuses both (unique email).
  const links = p.state().syncs.contacts!.links;
  const emailOf = (id: string) => String(records(p.store('b')).find((r) => r.id === id)!.fields.email);
  p.editStore('a', (d) => {
    d.objects.contacts!.records[links[0]!.left]!.fields.email = emailOf(links[2]!.right);
    d.objects.contacts!.records[links[1]!.left]!.fields.email = emailOf(links[3]!.right);
  });
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 3, applied.stdout);
  assert.match(applied.stdout, 'Failed in this run, by category');
  assert.match(applied.stdout, /^sync contacts: 2 record\(s\) failed: duplicate 2$/m);
  assert.match(applied.stdout, /^ {2}duplicate: merge the two records/m);
  // A run where nothing fails says nothing of failures.
  const clean = project(twoStores());
  assert.not.match((await clean.run('apply', '--yes')).stdout, 'Failed in this run');
});

test("findings of a summarised plan: counted by category, waiting ones by why, each category's first hint once", () => {
  const finding = (kind: Finding['kind'], category: Finding['category'], hint?: string): Finding => ({
    sync: 'contacts',
    side: 'left',
    recordId: `r${Math.random()}`,
    kind,
    category,
    rule: 'R15',
    message: 'm',
    ...(hint ? { hint } : {}),
  });
  const lines = findingsByCategory([
    finding('missing-required', 'required-field', 'map LastName'),
    finding('missing-required', 'required-field', 'other hint'),
    finding('waiting', 'network'),
    finding('ambiguous', 'ambiguous-match', 'merge them'),
    finding('missing-required', 'required-field'),
  ]);
  assert.equal(lines, [
    '  ? 5 record(s) not synced, by category: required-field 3, ambiguous-match 1, waiting (network) 1',
    '    required-field: map LastName',
    '    ambiguous-match: merge them',
  ]);
  assert.equal(findingsByCategory([]), []);
});

test.run();
