/**
 * R31: a failed record waits out its backoff, except that a record changed in its app since it
 * failed is tried again on the very next run (the change may be the fix), and
 * `apply --retry-failed` tries every failed record now.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R31 retrying failed records');

const FILES = {
  'syncs/connections.yaml': sandboxes({ hubspot: ['hubspot', { contacts: 0, companies: 0 }], salesforce: ['salesforce', { contacts: 0, companies: 0 }] }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'hubspot',
    'salesforce Contact',
    `direction: two-way
conflict: { winner: hubspot }`,
  ),
};

test('R31: a record fixed in its app is retried on the next run, not after its backoff, and linked', async () => {
  const p = project(FILES);
  assert.is((await p.run('plan')).code, 0);
  // Salesforce requires a last name (R15): this contact cannot be created there yet.
  const id = await inHubSpot(
    p,
    async (hs) => (await hs.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com', firstname: 'Ada' }, associations: [] })).id,
  );
  assert.is((await p.run('apply', '--yes')).code, 3, 'a record failed: incomplete');
  const failure = p.state().syncs.contacts!.failures.find((f) => f.id === id)!;
  assert.is(failure.category, 'required-field');
  assert.ok(failure.retryAfter! > new Date().toISOString(), 'it waits out a backoff');

  // Unchanged, it waits.
  const waiting = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  assert.ok(waiting.findings.some((f: { recordId: string; kind: string }) => f.recordId === id && f.kind === 'failed-earlier'));

  // Fixed in HubSpot: the next run creates it in Salesforce at once and links the pair.
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(id, { properties: { lastname: 'Lovelace' } }));
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '1 created');
  const inSalesforceNow = await inSalesforce(
    p,
    async (sf) => (await sf.query<{ Id: string; Email: string; LastName: string }>('SELECT Id, Email, LastName FROM Contact')).records,
  );
  assert.equal(
    inSalesforceNow.map((c) => [c.Email, c.LastName]),
    [['ada@example.com', 'Lovelace']],
  );
  const state = p.state().syncs.contacts!;
  assert.equal(
    state.links.map((l) => [l.left, l.right]),
    [[id, inSalesforceNow[0]!.Id]],
  );
  assert.equal(state.failures, []);
});

test('R31: apply --retry-failed tries every failed record now, whatever its backoff', async () => {
  const p = project(twoStores({ seedA: '{ contacts: 0, companies: 0 }', seedB: '{ contacts: 0, companies: 0 }' }));
  await p.run('plan');
  // b holds phones unique, and already has this one: a's record cannot be created there.
  p.editStore('b', (d) => {
    d.objects.contacts!.fields = d.objects.contacts!.fields.map((f) => (f.name === 'phone' ? { ...f, unique: true } : f));
    d.objects.contacts!.records['78'] = {
      id: '78',
      rev: 1,
      modifiedAt: '2026-01-01T00:00:00.000Z',
      fields: { email: 'other@example.com', phone: '+4722000001' },
    };
  });
  p.editStore(
    'a',
    (d) =>
      (d.objects.contacts!.records['500'] = {
        id: '500',
        rev: 1,
        modifiedAt: '2026-01-01T00:00:00.000Z',
        fields: { email: 'ada@example.com', phone: '+4722000001' },
      }),
  );
  await p.run('apply', '--yes');
  assert.is(p.state().syncs.contacts!.failures.find((f) => f.id === '500')?.category, 'duplicate');

  // The cause is fixed in b, not in the failed record: a plain run still waits for the backoff…
  p.editStore('b', (d) => (d.objects.contacts!.records['78']!.fields.phone = '+4722000002'));
  await p.run('apply', '--yes');
  const ada = () => records(p.store('b')).filter((r) => r.fields.email === 'ada@example.com');
  assert.is(ada().length, 0);
  // …and --retry-failed tries it now.
  const retried = await p.run('apply', '--yes', '--retry-failed');
  assert.is(retried.code, 0, retried.stderr);
  assert.is(ada().length, 1);
  const state = p.state().syncs.contacts!;
  assert.ok(state.links.some((l) => l.left === '500' && l.right === ada()[0]!.id));
  assert.equal(state.failures, []);
});

test.run();
