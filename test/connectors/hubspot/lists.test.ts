/**
 * Inclusion lists through the HubSpot connector (R21): a list's members paged from the Lists v3 API
 * (250 a page, `after`), the refusals the emulator gives as HubSpot does (404 for a list id it does
 * not have, 403 MISSING_SCOPES without crm.lists.read), a list of another object, and records read
 * by id (a list's new members).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { HUBSPOT_EMULATOR_TOKEN, startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { ConnectorFailure } from '../../../src/connectors/types.js';
import { failure, FAST_RETRY, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator }>('hubspot connector: lists');

test.before.each(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ seed: { contacts: 300, companies: 2 } });
});
test.after.each(async ({ emu }) => emu.close());

const connector = (emu: HubSpotEmulator) => createHubSpotConnector({ name: 'hubspot', accessToken: emu.token, baseUrl: emu.url, retry: FAST_RETRY });

async function failed(call: Promise<unknown>): Promise<ConnectorFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ConnectorFailure) return error;
    throw error;
  }
  throw new Error('expected a ConnectorFailure');
}

test('every member, across pages of 250', async ({ emu }) => {
  const hs = sdkFor(emu);
  const ids = [...emu.store.types.get('0-1')!.records.keys()];
  const { list } = await hs.crm.lists.listsApi.create({ name: 'Sync', objectTypeId: '0-1', processingType: 'MANUAL' });
  const members = ids.slice(0, 290);
  await hs.crm.lists.membershipsApi.add(list.listId, members);
  const before = emu.calls.byRoute['GET lists/memberships'] ?? 0;
  const got = await connector(emu).listMembers!('contacts', list.listId);
  assert.equal([...got].sort(), [...members].sort());
  assert.is((emu.calls.byRoute['GET lists/memberships'] ?? 0) - before, 2, 'two pages');
  // The page's shape as HubSpot documents it: paging.next carries `after` and a `link`.
  const first = await hs.crm.lists.membershipsApi.getPage(list.listId, undefined, undefined, 250);
  assert.is(first.total, 290);
  assert.is(first.paging!.next!.after, first.results[249]!.recordId);
  assert.match(first.paging!.next!.link!, `/crm/v3/lists/${list.listId}/memberships?after=`);
});

test('a list id HubSpot does not have: LIST_NOT_FOUND, with a hint on v3 list ids', async ({ emu }) => {
  const f = await failed(connector(emu).listMembers!('contacts', '4711'));
  assert.is(f.error.code, 'LIST_NOT_FOUND');
  assert.is(f.error.category, 'not-found');
  assert.match(f.error.hint!, 'legacy');
});

test('a list of companies for a contacts sync: LIST_OBJECT_MISMATCH', async ({ emu }) => {
  const { list } = await sdkFor(emu).crm.lists.listsApi.create({ name: 'Accounts', objectTypeId: '0-2', processingType: 'MANUAL' });
  const f = await failed(connector(emu).listMembers!('contacts', list.listId));
  assert.is(f.error.code, 'LIST_OBJECT_MISMATCH');
  assert.match(f.error.message, '0-2');
});

test('without crm.lists.read: 403 MISSING_SCOPES from the emulator, a permission failure naming the scope', async () => {
  const emu = await startHubSpotEmulator({ scopes: { [HUBSPOT_EMULATOR_TOKEN]: ['crm.objects.contacts.read'] }, seed: { contacts: 1 } });
  try {
    const refused = await failure(sdkFor(emu).crm.lists.listsApi.getById('1'));
    assert.is(refused.code, 403);
    assert.is(refused.body.category, 'MISSING_SCOPES');
    const f = await failed(connector(emu).listMembers!('contacts', '1'));
    assert.is(f.error.category, 'permission');
    assert.match(f.error.hint!, 'crm.lists.read');
  } finally {
    await emu.close();
  }
});

test('records read by id, absent ids left out', async ({ emu }) => {
  const ids = [...emu.store.types.get('0-1')!.records.keys()].slice(0, 150);
  const got = await connector(emu).readByIds!('contacts', [...ids, '999999'], ['email', 'firstname']);
  assert.equal(got.map((r) => r.id).sort(), [...ids].sort());
  assert.ok(got.every((r) => typeof r.fields.email === 'string' && r.fields.email.includes('@')));
});

test.run();
