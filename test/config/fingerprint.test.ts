/**
 * The configuration fingerprint changes with every change of meaning and with nothing else: a
 * comment, key order, whitespace or a YAML alias leaves it alone, so it neither lets a stale saved
 * plan through nor forces a needless full re-read.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectFingerprint, selectionFingerprint, syncFingerprint } from '../../src/config/fingerprint.js';
import { compiledProject, compiledSync } from '../helpers/compiled.js';
import { loadProject } from '../../src/pipeline.js';
import { project, twoStores } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('config fingerprint');

const CONNECTIONS = twoStores()['syncs/connections.yaml']!;

const BASE = syncFile(
  'contacts',
  'a',
  'b',
  `direction: two-way
conflict: { winner: a }
fields:
  - left: lifecyclestage
    right: lifecyclestage
    values: { lead: customer, other: other }
  - left: jobtitle
    right: jobtitle
    transform: [trim]
match:
  keys:
    - { left: email, right: email }
filters:
  include:
    left:
      - { field: city, op: equals, value: Paris }`,
);

async function fingerprints(sync: string, connections = CONNECTIONS) {
  const p = project({ 'syncs/connections.yaml': connections, 'syncs/contacts.yaml': sync });
  const loaded = await loadProject(p.dir);
  assert.ok(loaded.project, JSON.stringify(loaded.diagnostics.filter((d) => d.severity === 'error')));
  const compiled = loaded.project!;
  return { project: projectFingerprint(compiled), sync: syncFingerprint(compiled.syncs[0]!, compiled.connections) };
}

const same: Array<[string, string]> = [
  ['a comment', `# owned by the sales team\n${BASE.replace('  direction: two-way', '  # both ways\n  direction: two-way')}`],
  [
    'key order',
    BASE.replace('  direction: two-way\n  conflict: { winner: a }\n', '  conflict: { winner: a }\n  direction: two-way\n').replace(
      'left: { connection: a }\n  right: { connection: b }',
      'right: { connection: b }\n  left: { connection: a }',
    ),
  ],
  [
    'whitespace and flow style',
    BASE.replace('values: { lead: customer, other: other }', 'values:\n        lead:   customer\n        other: other').replace(
      '\n  fields:',
      '\n\n\n  fields:',
    ),
  ],
  ['an anchor and alias', BASE.replace('    - left: lifecyclestage\n      right: lifecyclestage', '    - left: &stage lifecyclestage\n      right: *stage')],
  ['value map key order', BASE.replace('{ lead: customer, other: other }', '{ other: other, lead: customer }')],
];

for (const [what, text] of same) {
  test(`${what} leaves the fingerprint unchanged`, async () => {
    const base = await fingerprints(BASE);
    const changed = await fingerprints(text);
    assert.is(changed.project, base.project);
    assert.is(changed.sync, base.sync);
  });
}

test('reconcile_every is tuning: changing it keeps the sync fingerprint, so it forces no full read', async () => {
  const base = await fingerprints(BASE);
  const changed = await fingerprints(BASE.replace('  direction: two-way', '  direction: two-way\n  reconcile_every: 6h'));
  assert.is(changed.sync, base.sync);
});

const different: Array<[string, string, string?]> = [
  ['a value map entry (values:)', BASE.replace('lead: customer', 'lead: salesqualifiedlead')],
  ['a new value map entry', BASE.replace('other: other }', 'other: other, subscriber: lead }')],
  ['a mapping', BASE.replace('    - left: jobtitle\n      right: jobtitle', '    - left: jobtitle\n      right: company')],
  ['a transform', BASE.replace('transform: [trim]', 'transform: [trim, lowercase]')],
  ['a filter value', BASE.replace('value: Paris', 'value: Lyon')],
  ['the direction', BASE.replace('direction: two-way', 'direction: one-way\n  from: a')],
  ['the winner', BASE.replace('conflict: { winner: a }', 'conflict: { winner: b }')],
  ['a field sync type', BASE.replace('      transform: [trim]', '      transform: [trim]\n      sync: always')],
  ['the match keys', BASE.replace('keys:\n      - { left: email, right: email }', 'keys: none')],
  [
    'the object',
    BASE.replace('object: contacts', 'object: companies')
      .replace(/ {4}- left: lifecyclestage[\s\S]*?transform: \[trim\]\n/, '    - left: name\n      right: name\n')
      .replace('{ left: email, right: email }', '{ left: name, right: name }'),
  ],
  ['a connection used', BASE, CONNECTIONS.replace('  b:\n    app: local\n', '  b:\n    app: local\n    path: elsewhere/b.json\n')],
];

for (const [what, text, connections] of different) {
  test(`${what} changes the fingerprint`, async () => {
    const base = await fingerprints(BASE);
    const changed = await fingerprints(text, connections);
    assert.is.not(changed.project, base.project);
    assert.is.not(changed.sync, base.sync);
  });
}

test('a comment added to a synced sync keeps the next read incremental; a values: edit makes it full', async () => {
  const p = project(twoStores());
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is((await p.run('apply', '--yes')).code, 0); // reads back its own creates once
  const hash = p.state().syncs.contacts!.configHash;
  p.write('syncs/contacts.yaml', `# reviewed in January\n\n${p.read('syncs/contacts.yaml')}`);
  const planned = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.is(planned.syncs[0].configHash, hash, 'same fingerprint as the state holds');
  assert.is(planned.syncs[0].left.read, 0, 'incremental: nothing changed, nothing read');
  assert.is(planned.syncs[0].right.read, 0);
  p.write(
    'syncs/contacts.yaml',
    p
      .read('syncs/contacts.yaml')
      .replace(
        '  conflict: { winner: a }',
        '  conflict: { winner: a }\n  fields:\n    - { left: lifecyclestage, right: lifecyclestage, values: { lead: customer } }',
      ),
  );
  const full = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.is.not(full.syncs[0].configHash, hash);
  assert.is(full.syncs[0].left.read, 9, 'a changed sync is read in full');
});

test('a saved plan is refused after a values: edit, pointing at the sync', async () => {
  const p = project(
    twoStores({
      sync: '  direction: two-way\n  conflict: { winner: a }\n  fields:\n    - left: lifecyclestage\n      right: lifecyclestage\n      values: { lead: customer }',
    }),
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  p.editStore('a', (d) => {
    for (const r of Object.values(d.objects.contacts!.records)) r.fields.jobtitle = 'Chef';
  });
  assert.is((await p.run('plan', '--out', 'saved.json')).code, 0);
  p.write('syncs/contacts.yaml', p.read('syncs/contacts.yaml').replace('{ lead: customer }', '{ lead: opportunity }'));
  const applied = await p.run('apply', 'saved.json');
  assert.is(applied.code, 1, applied.stdout);
  assert.match(applied.stderr, 'error[plan-stale]');
  assert.match(applied.stderr, 'syncs/contacts.yaml:1:1: the configuration of sync contacts changed');
  assert.ok(
    Object.values(p.store('b').objects.contacts!.records).every((r) => r.fields.jobtitle !== 'Chef'),
    'nothing was written',
  );
});

test('a --sync plan covers its association targets (R27): an edit to the target sync makes it stale, an unrelated sync does not', () => {
  const contacts = compiledSync('contacts', { associations: [{ sync: 'companies', primaryOnly: false }] });
  const companies = compiledSync('companies', { object: 'companies' });
  const other = compiledSync('other');
  const before = selectionFingerprint(compiledProject(contacts, companies, other), new Set(['contacts']));
  const targetEdited = compiledSync('companies', { object: 'companies', winner: 'right' });
  const otherEdited = compiledSync('other', { winner: 'right' });
  assert.is.not(selectionFingerprint(compiledProject(contacts, targetEdited, other), new Set(['contacts'])), before);
  assert.is(selectionFingerprint(compiledProject(contacts, companies, otherEdited), new Set(['contacts'])), before);
});

test.run();
