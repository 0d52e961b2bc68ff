/** Engagement objects (tasks, notes, meetings, calls, emails) in the emulator and the static catalogue, through the unmodified SDK. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Client } from '@hubspot/api-client';
import { HUBSPOT_ENGAGEMENT_OBJECTS, hubspotStaticCatalogue } from '../../../src/connectors/hubspot/catalogue.js';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { SEED_EPOCH } from '../../../src/connectors/hubspot/emulator/seed.js';
import { toConnectorError } from '../../../src/connectors/hubspot/errors.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { createdProperty, modifiedProperty, OBJECT_TYPE_IDS } from '../../../src/connectors/hubspot/limits.js';
import { failure, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator; hs: Client; contact: string; task: string }>('hubspot emulator: engagements');

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ seed: { contacts: 5, companies: 2, engagements: 12 }, limits: { tenSecondMax: 10_000 } });
  ctx.hs = sdkFor(ctx.emu);
  ctx.contact = (await ctx.hs.crm.contacts.basicApi.create({ properties: { email: 'task.owner@engage.example.com' }, associations: [] })).id;
});
test.after(async ({ emu }) => emu.close());

const spec = (associationTypeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId });
const DUE = '2024-06-01T09:00:00.000Z';

test('batch create of a task linked to a contact (204) answers 201; it reads back with task_to_contact', async (ctx) => {
  const { hs, contact } = ctx;
  const created = await hs.crm.objects.tasks.batchApi.create({
    inputs: [
      {
        properties: { hs_task_subject: 'Send the contract', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH', hs_timestamp: String(Date.parse(DUE)) },
        associations: [{ to: { id: contact }, types: [spec(204)] }],
      },
    ],
  });
  const task = created.results[0]!;
  ctx.task = task.id;
  assert.is(task.properties.hs_timestamp, DUE);
  assert.is(task.properties.hs_object_id, task.id);
  assert.ok(task.properties.hs_createdate);
  assert.is(task.properties.createdate, undefined);
  const read = await hs.crm.objects.tasks.basicApi.getById(task.id, ['hs_task_subject', 'hs_task_priority'], undefined, ['contacts']);
  assert.is(read.properties.hs_task_subject, 'Send the contract');
  assert.is(read.properties.hs_task_priority, 'HIGH');
  assert.equal(
    read.associations?.contacts?.results.map((a) => [a.id, a.type]),
    [[contact, 'task_to_contact']],
  );
  const back = await hs.crm.contacts.basicApi.getById(contact, ['email'], undefined, ['tasks']);
  assert.equal(
    back.associations?.tasks?.results.map((a) => [a.id, a.type]),
    [[task.id, 'contact_to_task']],
  );
  const v4 = await hs.crm.associations.v4.batchApi.getPage('contacts', 'tasks', { inputs: [{ id: contact }] });
  assert.equal(
    v4.results[0]!.to.map((t) => [String(t.toObjectId), t.associationTypes.map((a) => a.typeId)]),
    [[task.id, [203]]],
  );
  const byId = await hs.crm.objects.basicApi.getById('0-27', task.id, ['hs_task_status']);
  assert.is(byId.properties.hs_task_status, 'NOT_STARTED');
});

test('HubSpot-defined types link every engagement to contacts, companies and deals, with inverses', async ({ hs }) => {
  const expected: Record<string, Record<string, [number, number]>> = {
    tasks: { contacts: [204, 203], companies: [192, 191], deals: [216, 215] },
    notes: { contacts: [202, 201], companies: [190, 189], deals: [214, 213] },
    calls: { contacts: [194, 193], companies: [182, 181], deals: [206, 205] },
    emails: { contacts: [198, 197], companies: [186, 185], deals: [210, 209] },
    meetings: { contacts: [200, 199], companies: [188, 187], deals: [212, 211] },
  };
  for (const [engagement, targets] of Object.entries(expected)) {
    for (const [to, [forward, inverse]] of Object.entries(targets)) {
      const there = await hs.crm.associations.v4.schema.definitionsApi.getAll(engagement, to);
      assert.equal(
        there.results.map((l) => [l.typeId, l.label ?? null]),
        [[forward, null]],
        `${engagement}→${to}`,
      );
      const back = await hs.crm.associations.v4.schema.definitionsApi.getAll(to, engagement);
      assert.equal(
        back.results.map((l) => l.typeId),
        [inverse],
        `${to}→${engagement}`,
      );
    }
  }
});

test('search finds tasks by hs_lastmodifieddate GTE and answers with the hs_ system properties', async ({ hs, task }) => {
  const since = await hs.crm.objects.tasks.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(SEED_EPOCH + 86_400_000) }] }],
    sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] as never,
    properties: ['hs_task_subject'],
    limit: 100,
  });
  assert.equal(
    since.results.map((r) => r.id),
    [task],
  );
  assert.is(since.total, 1);
  assert.ok(since.results[0]!.properties.hs_lastmodifieddate);
  assert.ok(since.results[0]!.properties.hs_createdate);
  const all = await hs.crm.objects.tasks.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(SEED_EPOCH) }] }],
    limit: 100,
  });
  // 12 seeded engagements take turns over five kinds: tasks are numbers 0, 5 and 10.
  assert.is(all.total, 4);
  const text = await hs.crm.objects.tasks.searchApi.doSearch({ query: 'contract', limit: 10 });
  assert.equal(
    text.results.map((r) => r.id),
    [task],
  );
});

test("a create without hs_timestamp gets HubSpot's 400 VALIDATION_ERROR and writes nothing", async ({ hs, emu }) => {
  const before = emu.store.types.get('0-27')!.records.size;
  const single = await failure(hs.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'No due date' }, associations: [] }));
  assert.is(single.code, 400);
  assert.is(single.body.category, 'VALIDATION_ERROR');
  assert.is(single.body.message, 'Error creating TASK. Some required properties were not set.');
  assert.equal(single.body.context, { properties: ['hs_timestamp'] });
  const seen = toConnectorError(single, 'tasks');
  assert.is(seen.category, 'required-field');
  assert.match(seen.hint!, /"hs_timestamp" is required/);
  const batch = await failure(
    hs.crm.objects.notes.batchApi.create({
      inputs: [
        { properties: { hs_note_body: 'ok', hs_timestamp: DUE }, associations: [] },
        { properties: { hs_note_body: 'missing' }, associations: [] },
      ],
    }),
  );
  assert.is(batch.code, 400);
  assert.is(batch.body.message, 'Error creating NOTE. Some required properties were not set.');
  assert.is(emu.store.types.get('0-27')!.records.size, before);
  const option = await failure(hs.crm.objects.calls.basicApi.create({ properties: { hs_timestamp: DUE, hs_call_direction: 'SIDEWAYS' }, associations: [] }));
  assert.match(option.body.message!, /INVALID_OPTION/);
  const readOnly = await failure(hs.crm.objects.emails.basicApi.create({ properties: { hs_timestamp: DUE, hs_createdate: DUE }, associations: [] }));
  assert.match(readOnly.body.message!, /READ_ONLY_VALUE/);
});

test('properties getAll lists hs_task_status with its options and the engagement system properties', async ({ hs }) => {
  const all = await hs.crm.properties.coreApi.getAll('tasks');
  const status = all.results.find((p) => p.name === 'hs_task_status')!;
  assert.is(status.type, 'enumeration');
  assert.equal(
    status.options.map((o) => o.value),
    ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
  );
  const timestamp = all.results.find((p) => p.name === 'hs_timestamp')!;
  assert.is(timestamp.type, 'datetime');
  for (const name of ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id']) {
    assert.is(all.results.find((p) => p.name === name)?.modificationMetadata?.readOnlyValue, true, name);
  }
  assert.not.ok(all.results.some((p) => p.name === 'createdate'));
  const calls = await hs.crm.properties.coreApi.getAll('0-48');
  assert.is(calls.results.find((p) => p.name === 'hs_call_duration')?.type, 'number');
  const meetings = await hs.crm.properties.coreApi.getAll('meetings');
  assert.equal(
    meetings.results.find((p) => p.name === 'hs_meeting_outcome')?.options.map((o) => o.value),
    ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'],
  );
});

test('seeded engagements are backdated, linked to seeded contacts, and listed by kind', async ({ hs, emu }) => {
  const calls = (await hs.crm.objects.calls.basicApi.getPage(100, undefined, ['hs_call_title', 'hs_call_duration'], undefined, ['contacts'])).results;
  assert.is(calls.length, 3);
  for (const call of calls) {
    assert.match(call.properties.hs_call_title!, /^Call with /);
    assert.is(call.updatedAt.getTime() > SEED_EPOCH && call.updatedAt.getTime() < SEED_EPOCH + 86_400_000, true);
    assert.is(call.properties.hs_lastmodifieddate, call.updatedAt.toISOString());
    assert.is(call.associations?.contacts?.results[0]?.type, 'call_to_contact');
  }
  const counts = HUBSPOT_ENGAGEMENT_OBJECTS.map((o) => [o, emu.store.resolveType(o)!.records.size]);
  // Seeding takes turns (task, call, email, meeting, note); the task created by the first test is the fourth.
  assert.equal(counts, [
    ['tasks', 4],
    ['notes', 2],
    ['meetings', 2],
    ['calls', 3],
    ['emails', 2],
  ]);
});

test('archive answers 204; the task appears only in the archived listing', async ({ hs, task }) => {
  await hs.crm.objects.tasks.basicApi.archive(task);
  assert.is((await failure(hs.crm.objects.tasks.basicApi.getById(task))).code, 404);
  const live = (await hs.crm.objects.tasks.basicApi.getPage(100)).results;
  assert.not.ok(live.some((t) => t.id === task));
  const archived = await hs.crm.objects.tasks.basicApi.getPage(100, undefined, ['hs_task_subject'], undefined, undefined, true);
  const gone = archived.results.find((t) => t.id === task)!;
  assert.ok(gone.archived);
  assert.ok(gone.archivedAt instanceof Date);
  assert.is(gone.properties.hs_task_subject, 'Send the contract');
});

test('engagements and their associations persist to a file and load back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-emu-engagements-'));
  const path = join(dir, 'hubspot.json');
  const running: HubSpotEmulator[] = [];
  try {
    const first = await startHubSpotEmulator({ persistPath: path, seed: { contacts: 2, engagements: 5 } });
    running.push(first);
    const contact = (await sdkFor(first).crm.contacts.getAll(1))[0]!.id;
    const made = await sdkFor(first).crm.objects.meetings.basicApi.create({
      properties: { hs_meeting_title: 'Kick-off', hs_timestamp: DUE, hs_meeting_outcome: 'SCHEDULED' },
      associations: [{ to: { id: contact }, types: [spec(200)] }],
    });
    await running.pop()!.close();
    const second = await startHubSpotEmulator({ persistPath: path, seed: { engagements: 50 } });
    running.push(second);
    const hs = sdkFor(second);
    const meetings = (await hs.crm.objects.meetings.basicApi.getPage(100, undefined, ['hs_meeting_title'], undefined, ['contacts'])).results;
    assert.is(meetings.length, 2);
    const kept = meetings.find((m) => m.id === made.id)!;
    assert.is(kept.properties.hs_meeting_title, 'Kick-off');
    assert.equal(
      kept.associations?.contacts?.results.map((a) => [a.id, a.type]),
      [[contact, 'meeting_to_contact']],
    );
    assert.is((await hs.crm.objects.notes.basicApi.getPage(100)).results.length, 1);
    const required = await failure(hs.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: 'x' }, associations: [] }));
    assert.is(required.code, 400);
  } finally {
    for (const emu of running) await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the static catalogue marks hs_timestamp required; the live one agrees without a schema call', async ({ emu }) => {
  for (const object of HUBSPOT_ENGAGEMENT_OBJECTS) {
    const fields = hubspotStaticCatalogue(object)!.fields;
    assert.equal(
      fields.find((f) => f.name === 'hs_timestamp'),
      { name: 'hs_timestamp', label: 'Activity date', type: 'datetime', required: true },
      object,
    );
    assert.equal(
      fields.filter((f) => f.required).map((f) => f.name),
      ['hs_timestamp'],
      object,
    );
    for (const name of ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id']) assert.ok(fields.find((f) => f.name === name)?.readOnly, `${object}.${name}`);
    assert.is(fields.find((f) => f.name === 'hubspot_owner_id')?.type, 'reference');
  }
  assert.equal(hubspotStaticCatalogue('tasks')!.fields.find((f) => f.name === 'hs_task_priority')?.options, ['LOW', 'MEDIUM', 'HIGH', 'NONE']);
  assert.is(hubspotStaticCatalogue('notes')!.fields.find((f) => f.name === 'hs_note_body')?.type, 'text');
  assert.not.ok(hubspotStaticCatalogue('contacts')!.fields.some((f) => f.required));
  const hs = createHubSpotConnector({ name: 'hubspot', accessToken: emu.token, baseUrl: emu.url, objects: ['contacts', 'tasks'] });
  const live = await hs.catalogue('tasks');
  assert.equal(live.fields, hubspotStaticCatalogue('tasks')!.fields);
  assert.equal(hs.stats().byKind, { properties: 1 });
});

test('the connector writes and reads tasks: a create without hs_timestamp fails as required-field', async ({ emu }) => {
  const hs = createHubSpotConnector({ name: 'hubspot', accessToken: emu.token, baseUrl: emu.url, objects: ['tasks'] });
  const full = await hs.read({ object: 'tasks', fields: ['hs_task_subject', 'hs_timestamp'], mode: 'full' });
  assert.ok(full.complete);
  const [refused, made] = await hs.write('tasks', [
    { kind: 'create', ref: 'a', fields: { hs_task_subject: 'No date' } },
    { kind: 'create', ref: 'b', fields: { hs_task_subject: 'Dated', hs_timestamp: DUE } },
  ]);
  assert.ok(refused && !refused.ok && refused.error.category === 'required-field', JSON.stringify(refused));
  assert.ok(made?.ok, JSON.stringify(made));
  const inc = await hs.read({ object: 'tasks', fields: ['hs_task_subject', 'hs_timestamp'], mode: 'incremental', cursor: full.cursor });
  // The lookback window also brings back the task archived by an earlier test, as a deletion.
  assert.equal(
    inc.records.filter((r) => !r.deleted).map((r) => [r.fields.hs_task_subject, r.fields.hs_timestamp]),
    [['Dated', DUE]],
  );
});

test('engagement ids and timestamp properties; contacts, companies and deals keep theirs', () => {
  assert.equal(
    HUBSPOT_ENGAGEMENT_OBJECTS.map((o) => OBJECT_TYPE_IDS[o]),
    ['0-27', '0-46', '0-47', '0-48', '0-49'],
  );
  for (const object of [...HUBSPOT_ENGAGEMENT_OBJECTS, '0-27', '0-49']) {
    assert.is(createdProperty(object), 'hs_createdate', object);
    assert.is(modifiedProperty(object), 'hs_lastmodifieddate', object);
  }
  for (const object of ['contacts', 'companies', 'deals', 'tickets', '0-1', '0-2', '0-3']) assert.is(createdProperty(object), 'createdate', object);
  assert.is(createdProperty('2-7'), 'hs_createdate');
  assert.is(modifiedProperty('contacts'), 'lastmodifieddate');
});

test.run();
