/**
 * R3: setting up a sync moves no data; the first run is the initial sync, which compares both
 * apps, links the records that match and creates the rest; after that only changes are synced.
 * Between a local store and the HubSpot sandbox, driven through the official client.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, type Project } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R3 initial sync');

const FILES = {
  'syncs/connections.yaml': sandboxes({ crm: ['local', { contacts: 5, companies: 0, from: 0 }], hubspot: ['hubspot', { contacts: 5, companies: 0, from: 3 }] }),
  'syncs/contacts.yaml': syncFile('contacts', 'crm', 'hubspot', `direction: two-way`),
};

const hubspotContacts = (p: Project) =>
  inHubSpot(p, async (hs) =>
    (await hs.crm.contacts.basicApi.getPage(100, undefined, ['email', 'jobtitle'])).results.map((c) => ({
      id: c.id,
      email: c.properties.email!,
      jobtitle: c.properties.jobtitle ?? null,
    })),
  );
const emails = (list: Array<{ email: string }>) => list.map((c) => c.email).sort();

test('R3: validate and plan move no data; the first apply links the matches and creates the rest', async () => {
  const p = project(FILES);
  const validate = await p.run('validate');
  assert.is(validate.code, 0, validate.stderr);
  assert.not.ok(p.exists('.crmsync'), 'validate opens no app');

  const plan = await p.run('plan', '--json');
  assert.is(plan.code, 0, plan.stderr);
  const planned = JSON.parse(plan.stdout).plan;
  assert.equal(
    planned.ops.filter((o: { type: string }) => o.type === 'link').map((o: { reason: { rule: string } }) => o.reason.rule),
    ['R25', 'R25'],
  );
  assert.equal(
    planned.ops.filter((o: { type: string }) => o.type === 'create').map((o: { reason: { rule: string } }) => o.reason.rule),
    Array(6).fill('R3'),
  );
  // Planning again is still setting up: neither app changed and no link was remembered.
  const crmFields = JSON.stringify(records(p.store('crm')));
  const hubspot = await hubspotContacts(p);
  assert.is(hubspot.length, 5);
  assert.is((await p.run('plan')).code, 0);
  assert.is(JSON.stringify(records(p.store('crm'))), crmFields);
  assert.equal(await hubspotContacts(p), hubspot);
  assert.not.ok(p.exists('.crmsync/state.json'), 'no state before the first apply');
  const crm = records(p.store('crm')).map((r) => ({ id: r.id, email: r.fields.email as string }));
  assert.is(crm.length, 5);

  // People 0-4 in crm, 3-7 in HubSpot: 3 and 4 are linked, 0-2 and 5-7 are created on the other side.
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '6 created');
  assert.match(applied.stdout, '2 linked');
  const all = [...new Set([...emails(crm), ...emails(hubspot)])].sort();
  assert.is(all.length, 8);
  assert.equal(emails(records(p.store('crm')).map((r) => ({ email: r.fields.email as string }))), all);
  const after = await hubspotContacts(p);
  assert.equal(emails(after), all, 'no duplicate in HubSpot');
  // The two people in both apps kept their HubSpot ids: linked, not recreated.
  const shared = hubspot.filter((c) => crm.some((x) => x.email === c.email));
  assert.is(shared.length, 2);
  const links = p.state().syncs.contacts!.links;
  assert.is(links.length, 8);
  for (const c of shared) {
    const partner = crm.find((x) => x.email === c.email)!;
    assert.ok(
      links.some((l) => l.left === partner.id && l.right === c.id),
      `${c.email} linked to its existing record`,
    );
  }
});

test('R3: after the initial sync only changes are synced, from an incremental read', async () => {
  const p = project(FILES);
  await p.run('apply', '--yes');
  await p.run('apply', '--yes');
  const target = (await hubspotContacts(p))[0]!;
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(target.id, { properties: { jobtitle: 'Changed in HubSpot' } }));

  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  const summary = plan.syncs[0];
  assert.ok(summary.left.read < 8 && summary.right.read < 8, `incremental reads, not the whole apps: ${summary.left.read}, ${summary.right.read}`);
  const ops = plan.ops.filter((o: { type: string }) => o.type !== 'rebase');
  assert.equal(
    ops.map((o: { type: string; side: string; reason: { rule: string } }) => [o.type, o.side, o.reason.rule]),
    [['update', 'left', 'R10']],
  );
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is(records(p.store('crm')).find((r) => r.fields.email === target.email)!.fields.jobtitle, 'Changed in HubSpot');
  assert.is(records(p.store('crm')).length, 8);
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
