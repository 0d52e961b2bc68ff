/**
 * R24 across syncs: two syncs share a hub app and both would create the same person in it in one
 * run; the second links to the record the first creates. The link's base is what both records hold
 * once the run is done, so the next (incremental) run sees nothing changed, never reads a record
 * it did not re-read as blank, and never overwrites either sync's winner (R10, R11). The last test
 * shares the HubSpot emulator between the two syncs.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, type Project } from '../helpers/project.js';

const test = suite('R24 multi-sync link base');

/**
 * hub ↔ sales (winner sales) and hub ↔ goog (winner hub): opposite winners. The same three people
 * are in sales and goog only, with a different job title and city in each.
 */
const syncFile = (name: string, left: string, right: string, winner: string) => `sync:
  name: ${name}
  object: contacts
  left: { connection: ${left} }
  right: { connection: ${right} }
  direction: two-way
  conflict: { winner: ${winner} }
`;

function threeStores(first: 'goog' | 'sales'): Project {
  // Syncs are planned in file order: the first one creates the hub record, the second links to it.
  const files = first === 'goog' ? ['1-hub-goog.yaml', '2-hub-sales.yaml'] : ['2-hub-goog.yaml', '1-hub-sales.yaml'];
  return project({
    'syncs/connections.yaml': `connections:
  hub: { app: local, sandbox: { seed: { contacts: 0, companies: 0 } } }
  sales: { app: local, sandbox: { seed: { contacts: 3, companies: 0, from: 10 } } }
  goog: { app: local, sandbox: { seed: { contacts: 3, companies: 0, from: 10 } } }
`,
    [`syncs/${files[0]}`]: syncFile('hub-goog', 'hub', 'goog', 'hub'),
    [`syncs/${files[1]}`]: syncFile('hub-sales', 'hub', 'sales', 'sales'),
  });
}

const fieldsOf = (p: Project, store: string) =>
  Object.fromEntries(records(p.store(store)).map((r) => [String(r.fields.email), { jobtitle: r.fields.jobtitle, city: r.fields.city, phone: r.fields.phone }]));

async function firstRun(p: Project) {
  await p.run('plan'); // seeds the stores
  p.editStore('goog', (d) => {
    for (const r of Object.values(d.objects.contacts!.records)) Object.assign(r.fields, { jobtitle: `Google title ${r.id}`, city: 'Gothenburg' });
  });
  p.editStore('sales', (d) => {
    for (const r of Object.values(d.objects.contacts!.records)) Object.assign(r.fields, { jobtitle: `Sales title ${r.id}`, city: 'Stockholm' });
  });
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr + applied.stdout);
  assert.is(records(p.store('hub')).length, 3, 'created once in the hub, not twice');
}

for (const first of ['goog', 'sales'] as const) {
  test(`the sync that links (${first === 'goog' ? 'hub-sales' : 'hub-goog'}) records the values both records hold as its base`, async () => {
    const p = threeStores(first);
    await firstRun(p);
    const hub = fieldsOf(p, 'hub');
    const other = first === 'goog' ? 'sales' : 'goog';
    const linking = first === 'goog' ? 'hub-sales' : 'hub-goog';
    const state = p.state();
    const links = state.syncs[linking]!.links;
    assert.is(links.length, 3);
    const otherById = new Map(records(p.store(other)).map((r) => [r.id, r]));
    const hubById = new Map(records(p.store('hub')).map((r) => [r.id, r]));
    for (const link of links) {
      assert.is(link.base.left.jobtitle, hubById.get(link.left)!.fields.jobtitle, 'the hub side: the values just written');
      assert.is(link.base.right.jobtitle, otherById.get(link.right)!.fields.jobtitle, 'the other side: its current values');
      assert.is(link.base.right.city, otherById.get(link.right)!.fields.city);
    }
    const sales = fieldsOf(p, 'sales');
    // The second run reads incrementally: the records in sales and goog are not read again.
    const plan = await p.run('plan', '--detailed-exitcode');
    assert.not.match(plan.stdout, 'is blank', plan.stdout);
    // Neither record changed since its base: the values that differ are kept as they are (R12), so
    // the second apply writes nothing.
    assert.is(plan.code, 0, plan.stdout);
    const second = await p.run('apply', '--yes');
    assert.match(second.stdout, 'No changes');
    // The hub-sales winner is never overwritten, whichever sync created the hub record.
    assert.equal(fieldsOf(p, 'sales'), sales, 'sales keeps its values');
    assert.equal(fieldsOf(p, 'hub'), hub, 'the hub keeps what the first run wrote');
  });
}

test('two syncs sharing HubSpot, opposite winners, a person only in the other two apps: the second apply writes nothing', async () => {
  const p = project({
    'syncs/connections.yaml': `connections:
  hubspot: { app: hubspot, sandbox: { seed: { contacts: 0, companies: 0 } } }
  sales: { app: local, sandbox: { seed: { contacts: 0, companies: 0 } } }
  goog: { app: local, sandbox: { seed: { contacts: 0, companies: 0 } } }
`,
    'syncs/1-hub-sales.yaml': syncFile('hub-sales', 'hubspot', 'sales', 'sales'),
    'syncs/2-hub-goog.yaml': syncFile('hub-goog', 'hubspot', 'goog', 'hubspot'),
  });
  await p.run('plan'); // creates the stores
  const person = { email: 'Ada.Lovelace@Example.com', firstname: 'Ada', lastname: 'Lovelace', jobtitle: 'Engineer' };
  for (const store of ['sales', 'goog']) {
    p.editStore(store, (d) => (d.objects.contacts!.records['1'] = { id: '1', rev: 0, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { ...person } }));
  }
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr + first.stdout);
  assert.match(first.stdout, '1 created');
  const second = await p.run('plan', '--detailed-exitcode');
  assert.is(second.code, 0, second.stdout);
  const applied = await p.run('apply', '--yes');
  assert.match(applied.stdout, 'No changes');
  assert.equal(records(p.store('goog'))[0]!.fields, person);
  assert.equal(records(p.store('sales'))[0]!.fields, person);
});

test.run();
