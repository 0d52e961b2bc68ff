/**
 * R21 with a HubSpot inclusion list (`in-list`), through the HubSpot emulator: members sync,
 * non-members do not; a linked contact that leaves the list stops syncing (shown in the plan) and
 * is deleted nowhere; a contact that joins the list, unchanged otherwise, syncs at the next run; one
 * that comes back syncs again, with what changed while it was out. Lists are read through the Lists
 * v3 API; list membership does not change a contact, so incremental reads do not bring these.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { Client } from '@hubspot/api-client';
import { createLocalConnector } from '../../src/connectors/local/connector.js';
import { readSnapshots } from '../../src/connectors/snapshot.js';
import { CrmsyncError } from '../../src/errors.js';
import { loadProject, requireProject } from '../../src/pipeline.js';
import type { StateFile } from '../../src/state/types.js';
import { project, records, type Project } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R21 in-list');

const files = (listId: string | number, side: 'left' | 'right' = 'left') => ({
  'syncs/connections.yaml': sandboxes({ hubspot: ['hubspot', { contacts: 6, companies: 0, from: 0 }], crm: ['local', { contacts: 0, companies: 0 }] }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'hubspot',
    'crm',
    `direction: two-way
conflict: { winner: hubspot }
filters:
  include:
    ${side}:
      - { field: list, op: in-list, value: ${listId} }`,
  ),
});

const hubspotContacts = (p: Project) =>
  inHubSpot(p, async (hs) =>
    (await hs.crm.contacts.basicApi.getPage(100, undefined, ['email', 'jobtitle'])).results.sort((a, b) => Number(a.id) - Number(b.id)),
  );
const emails = (p: Project) =>
  records(p.store('crm'))
    .map((r) => String(r.fields.email))
    .sort();
const inCrm = (p: Project, email: string) => records(p.store('crm')).find((r) => r.fields.email === email)!;

async function listOf(p: Project, act: (hs: Client, listId: string) => Promise<unknown>, listId: string) {
  await inHubSpot(p, (hs) => act(hs, listId));
}

test('members sync, non-members do not; leaving, joining and coming back follow R21', async () => {
  const p = project(files(1));
  // No list 1 yet: an error at the condition, before anything is planned.
  const missing = await p.run('plan');
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'syncs/contacts.yaml:11:11 error[list-not-found] hubspot: HubSpot has no list 1');
  assert.match(missing.stderr, 'legacy');
  assert.not.match(missing.stderr, '    at ', 'no stack trace');

  const contacts = await hubspotContacts(p);
  const listId = await inHubSpot(
    p,
    async (hs) => (await hs.crm.lists.listsApi.create({ name: 'Sync to CRM', objectTypeId: '0-1', processingType: 'MANUAL' })).list.listId,
  );
  assert.is(listId, '1');
  const [a, b, c, d] = contacts;
  await listOf(p, (hs, id) => hs.crm.lists.membershipsApi.add(id, [a!.id, b!.id, c!.id]), listId);

  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.equal(emails(p), [a, b, c].map((x) => x!.properties.email).sort(), 'members only');
  const status = JSON.parse((await p.run('status', '--json')).stdout).health;
  assert.is(status.syncs[0].excluded.left, 3, 'the three non-members are excluded');

  // a leaves the list (its record unchanged) while its partner is edited in the CRM.
  await listOf(p, (hs, id) => hs.crm.lists.membershipsApi.remove(id, [a!.id]), listId);
  const crmA = inCrm(p, a!.properties.email!);
  p.editStore('crm', (data) => (data.objects.contacts!.records[crmA.id]!.fields.jobtitle = 'Changed while out'));
  const planned = await p.run('plan');
  assert.match(
    planned.stdout,
    `⊘ ${a!.id} ↔ ${crmA.id}   [R21] outside the inclusion filter: hubspot ${a!.id} is not in hubspot list 1 (the inclusion list); not synced until it is back, and neither record is deleted`,
  );
  assert.not.match(planned.stdout, `~ hubspot/contacts ${a!.id}`, 'the CRM edit does not flow');
  const left = await p.run('apply', '--yes');
  assert.is(left.code, 0, left.stderr);
  assert.is((await hubspotContacts(p)).find((x) => x.id === a!.id)!.properties.jobtitle, a!.properties.jobtitle, 'not synced while out');
  assert.ok(inCrm(p, a!.properties.email!), 'not deleted in the CRM');
  assert.is(p.state().syncs.contacts!.links.find((l) => l.left === a!.id)!.excluded, true);

  // d joins the list without being changed: an incremental read does not bring it; it syncs anyway.
  await listOf(p, (hs, id) => hs.crm.lists.membershipsApi.add(id, [d!.id]), listId);
  const joined = await p.run('apply', '--yes');
  assert.is(joined.code, 0, joined.stderr);
  assert.ok(emails(p).includes(d!.properties.email!), 'a new member is created in the CRM');

  // a comes back: synced again, and the change made while it was out flows now (R21).
  await listOf(p, (hs, id) => hs.crm.lists.membershipsApi.add(id, [a!.id]), listId);
  const back = await p.run('plan');
  assert.match(back.stdout, '[R21] back in the inclusion filter: synced again');
  await p.run('apply', '--yes');
  assert.is((await hubspotContacts(p)).find((x) => x.id === a!.id)!.properties.jobtitle, 'Changed while out');
  assert.is(p.state().syncs.contacts!.links.find((l) => l.left === a!.id)!.excluded, undefined);
  const settled = await p.run('plan', '--detailed-exitcode');
  assert.is(settled.code, 0, settled.stdout);
  assert.equal(emails(p), [a, b, c, d].map((x) => x!.properties.email).sort(), 'still no non-member');

  // R22: a contact new in the CRM is created in HubSpot although it is in no list; from then on it
  // waits for the list like any other.
  p.editStore('crm', (data) => {
    data.objects.contacts!.records['900'] = {
      id: '900',
      rev: 0,
      modifiedAt: '2026-01-01T00:00:00.000Z',
      fields: { email: 'new.in.crm@example.com', lastname: 'New', jobtitle: 'First' },
    };
  });
  await p.run('apply', '--yes');
  const created = (await hubspotContacts(p)).find((x) => x.properties.email === 'new.in.crm@example.com');
  assert.ok(created, 'created in HubSpot outside the list (R22)');
  const marked = await p.run('plan');
  assert.match(marked.stdout, `⊘ ${created!.id} ↔ 900   [R21] outside the inclusion filter`);
  await p.run('apply', '--yes');
  p.editStore('crm', (data) => (data.objects.contacts!.records['900']!.fields.jobtitle = 'Second'));
  await p.run('apply', '--yes');
  assert.is((await hubspotContacts(p)).find((x) => x.id === created!.id)!.properties.jobtitle, 'First', 'its later updates wait for the list (R22)');
});

test('in-list on an app without lists, or without a list id, is a located validate error', async () => {
  const p = project(files(1, 'right'));
  const out = await p.run('validate', '--json');
  assert.is(out.code, 1);
  const d = JSON.parse(out.stdout).diagnostics.find((x: { code: string }) => x.code === 'option-not-supported');
  assert.equal([d.file, d.line, d.col], ['syncs/contacts.yaml', 11, 30]);
  assert.match(d.message, 'local (connection `crm`) has no lists');
  const q = project(files('[1, 2]'));
  const bad = JSON.parse((await q.run('validate', '--json')).stdout).diagnostics.find((x: { code: string }) => x.code === 'invalid-value');
  assert.equal([bad.line, bad.message], [11, '`in-list` takes one list id']);
});

test("a saved plan is stale once the list's membership changed", async () => {
  const p = project(files(1));
  await p.run('plan'); // seeds the sandbox (and stops: no list yet)
  const [a, b] = await hubspotContacts(p);
  const listId = await inHubSpot(
    p,
    async (hs) => (await hs.crm.lists.listsApi.create({ name: 'Sync to CRM', objectTypeId: '0-1', processingType: 'MANUAL' })).list.listId,
  );
  await listOf(p, (hs, id) => hs.crm.lists.membershipsApi.add(id, [a!.id]), listId);
  const saved = await p.run('plan', '--out', 'sync.plan');
  assert.is(saved.code, 0, saved.stderr);
  await listOf(p, (hs, id) => hs.crm.lists.membershipsApi.add(id, [b!.id]), listId);
  const stale = await p.run('apply', 'sync.plan', '--yes');
  assert.is(stale.code, 1);
  assert.match(stale.stderr, 'error[plan-stale]');
  assert.match(stale.stderr, 'records of sync contacts changed in the apps');
  assert.equal(emails(p), [], 'nothing applied');
});

test('reading: a connection whose connector has no lists stops at the condition, before any plan', async () => {
  const p = project(files(7));
  const project_ = requireProject(await loadProject(p.dir));
  // The HubSpot side is served by a connector without the lists capability (a local store).
  const local = createLocalConnector({ name: 'hubspot', path: join(p.dir, 'other.json') });
  const crm = createLocalConnector({ name: 'crm', path: join(p.dir, 'crm.json') });
  const state: StateFile = { format: 'crmsync-state', version: 3, lineage: 'x', serial: 0, syncs: {}, journal: [] };
  try {
    await readSnapshots(project_, state, { hubspot: local, crm });
    assert.unreachable('read without lists');
  } catch (error) {
    assert.instance(error, CrmsyncError);
    assert.match(
      (error as CrmsyncError).message,
      'syncs/contacts.yaml:11:11 error[option-not-supported] `in-list` tests list membership (R21); hubspot (connection `hubspot`) has no lists',
    );
  }
});

test.run();
