/**
 * R1: a sync joins two connections named in the sync files, so several accounts of one app can be
 * connected at once. Two HubSpot sandboxes (two accounts) each sync with one local store; each
 * account gets exactly what its own sync sends it, and a sync naming an undeclared connection is
 * refused with its position before anything is read or written.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, type Project } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { sandboxes } from '../helpers/fixtures.js';

const test = suite('R1 named connections');

const CONNECTIONS = sandboxes({
  crm: ['local', { contacts: 3, companies: 0, from: 0 }],
  'hubspot-eu': ['hubspot', { contacts: 2, companies: 0, from: 100 }],
  'hubspot-us': ['hubspot', { contacts: 2, companies: 0, from: 200 }],
});
const sync = (name: string, right: string) => `sync:
  name: ${name}
  object: contacts
  left: { connection: crm }
  right: { connection: ${right} }
  direction: two-way
`;

const hubspotContacts = (p: Project, connection: string) =>
  inHubSpot(
    p,
    async (hs) => (await hs.crm.contacts.basicApi.getPage(100, undefined, ['email'])).results.map((c) => ({ id: c.id, email: c.properties.email! })),
    connection,
  );

test('R1: two HubSpot accounts in one project; each sync writes to the account it names, and only there', async () => {
  const p = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/crm-eu.yaml': sync('crm-eu', 'hubspot-eu'),
    'syncs/crm-us.yaml': sync('crm-us', 'hubspot-us'),
  });
  // plan opens the sandboxes (seeding them) and moves nothing (R3).
  assert.is((await p.run('plan')).code, 0);
  const crmBefore = records(p.store('crm')).map((r) => r.fields.email as string);
  assert.is(crmBefore.length, 3);
  const euBefore = (await hubspotContacts(p, 'hubspot-eu')).map((c) => c.email);
  const usBefore = (await hubspotContacts(p, 'hubspot-us')).map((c) => c.email);
  assert.is(euBefore.filter((e) => usBefore.includes(e)).length, 0, 'the two accounts start with different people');

  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);

  // Each account holds its own people plus the store's, and none of the other account's.
  const eu = await hubspotContacts(p, 'hubspot-eu');
  const us = await hubspotContacts(p, 'hubspot-us');
  assert.equal(eu.map((c) => c.email).sort(), [...euBefore, ...crmBefore].sort());
  assert.equal(us.map((c) => c.email).sort(), [...usBefore, ...crmBefore].sort());
  assert.equal(
    records(p.store('crm'))
      .map((r) => r.fields.email)
      .sort(),
    [...crmBefore, ...euBefore, ...usBefore].sort(),
  );

  // The state keeps one set of links per sync, each pointing into its own account: record ids
  // overlap between the two accounts, so a link resolved in the wrong one would pair the wrong people.
  const state = p.state();
  const crm = new Map(records(p.store('crm')).map((r) => [r.id, r.fields.email]));
  for (const [name, account] of [
    ['crm-eu', eu],
    ['crm-us', us],
  ] as const) {
    const links = state.syncs[name]!.links;
    assert.is(links.length, 5);
    const byId = new Map(account.map((c) => [c.id, c.email]));
    for (const link of links) assert.is(byId.get(link.right), crm.get(link.left), `${name}: ${link.left} ↔ ${link.right}`);
  }
  assert.ok(
    eu.some((c) => us.some((d) => d.id === c.id && d.email !== c.email)),
    'the same id names different people in the two accounts',
  );

  // A change in the store reaches both accounts, each through its own sync.
  const shared = records(p.store('crm')).find((r) => r.fields.email === crmBefore[0])!;
  p.editStore('crm', (d) => (d.objects.contacts!.records[shared.id]!.fields.jobtitle = 'Head of Both'));
  assert.is((await p.run('apply', '--yes')).code, 0);
  for (const connection of ['hubspot-eu', 'hubspot-us']) {
    const titles = await inHubSpot(
      p,
      async (hs) =>
        (await hs.crm.contacts.basicApi.getPage(100, undefined, ['email', 'jobtitle'])).results
          .filter((c) => c.properties.email === crmBefore[0])
          .map((c) => c.properties.jobtitle),
      connection,
    );
    assert.equal(titles, ['Head of Both'], connection);
  }
});

test('R1: a sync naming an undeclared connection is refused at its position; nothing is read or written', async () => {
  const p = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/crm-eu.yaml': sync('crm-eu', 'hubspot-eu'),
    'syncs/crm-us.yaml': sync('crm-us', 'hubspot-uss'),
  });
  const validate = await p.run('validate');
  assert.is(validate.code, 1);
  assert.match(validate.stderr, 'syncs/crm-us.yaml:5:24 error[unknown-connection] connection `hubspot-uss` is not declared in any file under syncs/');
  assert.match(validate.stderr, 'did you mean `hubspot-us`?');
  const apply = await p.run('apply', '--yes');
  assert.is(apply.code, 1);
  assert.match(apply.stderr, 'syncs/crm-us.yaml:5:24 error[unknown-connection]');
  // The valid sync beside it does not run either: no app was opened, no state was written.
  assert.not.ok(p.exists('.crmsync'), 'no store, sandbox or state file');
});

test.run();
