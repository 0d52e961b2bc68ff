/**
 * R9 end to end, through both sandboxes' emulators and the official clients: a task created in
 * Salesforce creates a task in HubSpot, and a HubSpot call becomes a Salesforce task of the chosen
 * type. Each lands on the partner of the contact it was logged against, picklists are translated,
 * neither flows back, and a second run changes nothing.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/AssociationSpec.js';
import { project, type Project } from '../helpers/project.js';
import { inHubSpot, inSalesforce } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R9 activities');

const CONNECTIONS = sandboxes({
  hubspot: ['hubspot', { contacts: 4, companies: 0, from: 0 }],
  salesforce: ['salesforce', { contacts: 4, companies: 0, from: 0 }],
});
const CONTACTS = syncFile('contacts', 'hubspot', 'salesforce Contact', `direction: two-way`);
const SF_TASKS = syncFile(
  'salesforce-tasks',
  'salesforce Task',
  'hubspot tasks',
  `direction: one-way
from: salesforce
associations: [{ sync: contacts }]`,
  'tasks',
);
const HS_CALLS = syncFile(
  'hubspot-calls',
  'hubspot calls',
  'salesforce Task',
  `direction: one-way
from: hubspot
task_type: Call
associations: [{ sync: contacts }]`,
  'tasks',
);
const FILES = {
  'syncs/connections.yaml': CONNECTIONS,
  'syncs/contacts.yaml': CONTACTS,
  'syncs/salesforce-tasks.yaml': SF_TASKS,
  'syncs/hubspot-calls.yaml': HS_CALLS,
};

type SfTask = { Id: string; Subject: string | null; Status: string; Type: string | null; WhoId: string | null; ActivityDate: string | null };
const sfTasks = (p: Project) =>
  inSalesforce(p, async (sf) => (await sf.query<SfTask>('SELECT Id, Subject, Status, Type, WhoId, ActivityDate FROM Task')).records);

test('R9: a Salesforce task creates a HubSpot task; a HubSpot call becomes a Salesforce task of the chosen type', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  const contacts = p.state().syncs.contacts!.links;
  assert.is(contacts.length, 4);
  const [x, y] = contacts;

  // A task in Salesforce on contact x, and a call in HubSpot on contact y.
  await inSalesforce(p, (sf) =>
    sf.sobject('Task').create({ Subject: 'Send proposal', Status: 'In Progress', Priority: 'High', ActivityDate: '2026-12-01', WhoId: x!.right }),
  );
  const call = await inHubSpot(p, (hs) =>
    hs.crm.objects.calls.basicApi.create({
      properties: { hs_timestamp: '2026-11-20T10:00:00.000Z', hs_call_title: 'Discovery call', hs_call_body: 'Talked budget' },
      associations: [{ to: { id: y!.left }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 194 }] }],
    }),
  );

  const run = await p.run('apply', '--yes');
  assert.is(run.code, 0, run.stderr);

  // HubSpot: one task, values translated, on x's HubSpot partner.
  const tasks = await inHubSpot(
    p,
    async (hs) =>
      (
        await hs.crm.objects.tasks.basicApi.getPage(10, undefined, ['hs_task_subject', 'hs_task_status', 'hs_task_priority', 'hs_timestamp'], undefined, [
          'contacts',
        ])
      ).results,
  );
  assert.is(tasks.length, 1);
  const [task] = tasks;
  assert.equal(
    [task!.properties.hs_task_subject, task!.properties.hs_task_status, task!.properties.hs_task_priority, task!.properties.hs_timestamp?.slice(0, 10)],
    ['Send proposal', 'IN_PROGRESS', 'HIGH', '2026-12-01'],
  );
  assert.equal(
    task!.associations?.contacts?.results.map((r) => r.id),
    [x!.left],
    'on the partner of the Salesforce contact',
  );

  // Salesforce: the call became a completed task of type Call, on y's Salesforce partner.
  const fromCall = (await sfTasks(p)).filter((t) => t.Subject === 'Discovery call');
  assert.is(fromCall.length, 1);
  assert.equal([fromCall[0]!.Type, fromCall[0]!.Status, fromCall[0]!.WhoId, fromCall[0]!.ActivityDate], ['Call', 'Completed', y!.right, '2026-11-20']);
  assert.is(p.state().syncs['hubspot-calls']!.links[0]!.left, call.id);

  // Nothing flows back: the Salesforce task made from the call is not echoed into HubSpot as a
  // task, and the HubSpot task is not written into Salesforce. Twice, to read back both runs' writes.
  for (let i = 0; i < 2; i++) assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is((await inHubSpot(p, async (hs) => (await hs.crm.objects.tasks.basicApi.getPage(10)).results)).length, 1);
  assert.is((await sfTasks(p)).length, 2);
  const again = await p.run('plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout);
});

test('R9: a Salesforce task status change reaches HubSpot; one without a due date waits, with a reason', async () => {
  const p = project({ 'syncs/connections.yaml': CONNECTIONS, 'syncs/contacts.yaml': CONTACTS, 'syncs/salesforce-tasks.yaml': SF_TASKS });
  await p.run('apply', '--yes');
  const created = await inSalesforce(p, (sf) => sf.sobject('Task').create({ Subject: 'Follow up', ActivityDate: '2026-12-05' }));
  const undated = await inSalesforce(p, (sf) => sf.sobject('Task').create({ Subject: 'Someday' }));
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan;
  const finding = plan.findings.find((f: { recordId: string }) => f.recordId === undated.id);
  assert.is(finding.kind, 'missing-required');
  assert.match(finding.message, 'ActivityDate');
  await p.run('apply', '--yes');
  await inSalesforce(p, (sf) => sf.sobject('Task').update({ Id: created.id!, Status: 'Completed' }));
  await p.run('apply', '--yes');
  const [task] = await inHubSpot(p, async (hs) => (await hs.crm.objects.tasks.basicApi.getPage(10, undefined, ['hs_task_status', 'hs_task_subject'])).results);
  assert.equal([task!.properties.hs_task_subject, task!.properties.hs_task_status], ['Follow up', 'COMPLETED']);
});

test('R9: activity syncs are one way, and task_type is checked against the Task.Type picklist', async () => {
  const p = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/contacts.yaml': CONTACTS,
    'syncs/salesforce-tasks.yaml': SF_TASKS.replace('direction: one-way\n  from: salesforce', 'direction: two-way'),
    'syncs/hubspot-calls.yaml': HS_CALLS.replace('task_type: Call', 'task_type: Cal'),
  });
  const out = await p.run('validate');
  assert.is(out.code, 1);
  assert.match(out.stderr, /syncs\/salesforce-tasks\.yaml:6:14 error\[activity-direction\] Salesforce tasks sync one way, into HubSpot/);
  assert.match(out.stderr, /syncs\/hubspot-calls\.yaml:8:14 error\[invalid-value\] `Cal` is not a Salesforce task type/);
  assert.match(out.stderr, 'did you mean `Call`');
  const misplaced = project({
    'syncs/connections.yaml': CONNECTIONS,
    'syncs/contacts.yaml': CONTACTS.replace('direction: two-way', 'direction: two-way\n  task_type: Call'),
  });
  const bad = await misplaced.run('validate');
  assert.match(bad.stderr, /syncs\/contacts\.yaml:7:3 error\[option-not-supported\] `task_type`/);
});

test.run();
