/** R24-R26: matching at the initial sync, by email for contacts and by domain or name for companies. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('R24-R26 matching');
const none = '{ contacts: 0, companies: 0 }';
const put = (p: ReturnType<typeof project>, store: string, object: string, id: string, fields: Record<string, unknown>) =>
  p.editStore(store, (d) => (d.objects[object]!.records[id] = { id, rev: Number(id), modifiedAt: '2026-01-01T00:00:00.000Z', fields: fields as never }));

test('R25: email match is case-insensitive and trimmed; ambiguous matches become failures, never merges', async () => {
  const p = project(twoStores({ seedA: none, seedB: none }));
  await p.run('plan');
  put(p, 'a', 'contacts', '1', { email: ' Ada@Example.com ', firstname: 'Ada' });
  put(p, 'a', 'contacts', '2', { email: 'grace@example.com', firstname: 'Grace' });
  put(p, 'b', 'contacts', '1', { email: 'ada@example.com', lastname: 'Lovelace' });
  put(p, 'b', 'contacts', '2', { email: 'GRACE@example.com', lastname: 'Hopper' });
  put(p, 'b', 'contacts', '3', { email: 'grace@example.com ', lastname: 'Hopper (dup)' });
  const applied = await p.run('apply', '--yes');
  assert.match(applied.stdout, '1 linked');
  assert.is(records(p.store('a')).length, 2, 'no duplicate created in a');
  assert.is(records(p.store('b')).length, 3, 'no duplicate created in b');
  assert.is(records(p.store('a')).find((r) => r.id === '1')!.fields.lastname, 'Lovelace', 'merged');
  const failures = p.state().syncs.contacts!.failures;
  assert.equal(failures.map((f) => `${f.side}:${f.id}:${f.category}`).sort(), ['left:2:ambiguous-match', 'right:2:ambiguous-match', 'right:3:ambiguous-match']);
  const status = await p.run('status');
  assert.match(status.stdout, 'ambiguous-match: 3');
  assert.match(status.stdout, 'merge the duplicates');
  // Resolving the duplicate links the pair on the next run and clears the failures.
  p.editStore('b', (d) => (d.objects.contacts!.records['3']!.deleted = true));
  p.editStore('a', () => undefined);
  const state = p.state();
  for (const f of state.syncs.contacts!.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(state));
  await p.run('apply', '--yes');
  assert.equal(
    p.state().syncs.contacts!.failures.filter((f) => f.id !== '3'),
    [],
  );
  assert.is(p.state().syncs.contacts!.links.length, 2);
});

test('R26: companies match on domain, or on name when domains differ; a website is never a key', async () => {
  const files = twoStores({ seedA: none, seedB: none, sync: '  direction: two-way\n  conflict: { winner: a }' });
  files['syncs/contacts.yaml'] = files['syncs/contacts.yaml']!.replace('object: contacts', 'object: companies').replace('name: contacts', 'name: companies');
  const p = project(files);
  await p.run('plan');
  put(p, 'a', 'companies', '1', { name: 'Acme', domain: 'acme.com', website: 'https://shared.example' });
  put(p, 'a', 'companies', '2', { name: 'Globex', domain: 'globex.com' });
  put(p, 'a', 'companies', '3', { name: 'Initech', website: 'https://shared.example' });
  put(p, 'b', 'companies', '1', { name: 'ACME Corporation', domain: 'ACME.com' });
  put(p, 'b', 'companies', '2', { name: 'globex', domain: 'globex.io' });
  put(p, 'b', 'companies', '3', { name: 'Hooli', website: 'https://shared.example' });
  await p.run('apply', '--yes');
  const links = p
    .state()
    .syncs.companies!.links.map((l) => `${l.left}-${l.right}`)
    .sort();
  assert.ok(links.includes('1-1'), 'by domain');
  assert.ok(links.includes('2-2'), 'by name');
  assert.not.ok(links.includes('3-3'), 'never by website');
  assert.is(records(p.store('a'), 'companies').length, 4);
});

test('R24: match keys none always creates; a custom key list is tried in order', async () => {
  const p = project(
    twoStores({
      seedA: none,
      seedB: none,
      sync: `  direction: two-way
  conflict: { winner: a }
  filters: { require_email: false }
  match:
    keys:
      - { left: email, right: email }
      - { left: [firstname, lastname], right: [firstname, lastname] }`,
    }),
  );
  await p.run('plan');
  put(p, 'a', 'contacts', '1', { firstname: 'Ada', lastname: 'Lovelace' });
  put(p, 'b', 'contacts', '1', { firstname: 'ada', lastname: 'LOVELACE', email: 'ada@example.com' });
  await p.run('apply', '--yes');
  assert.equal(
    p.state().syncs.contacts!.links.map((l) => `${l.left}-${l.right}`),
    ['1-1'],
  );
  assert.is(records(p.store('a'))[0]!.fields.email, 'ada@example.com');
});

test.run();
