/**
 * The emulator's POST /crm/v3/objects/{type}/merge, through the SDK: a new record with a new id,
 * both old ids in hs_merged_object_ids, the old ids still reading as the merged record, the
 * associations of both moved over (the other's primary label dropped), and refusals for bad input.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { failure, sdkFor } from './helpers.js';

const spec = (associationTypeId: number) => ({ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId });

test('a merge makes a new record that both old ids read as', async () => {
  const emu = await startHubSpotEmulator({ limits: { tenSecondMax: 10_000 } });
  try {
    const hs = sdkFor(emu);
    const [a, b] = (
      await hs.crm.contacts.batchApi.create({
        inputs: [
          { properties: { email: 'a@merge.example.com', firstname: 'Ann' }, associations: [] },
          { properties: { email: 'b@merge.example.com', firstname: 'Bea', jobtitle: 'CTO' }, associations: [] },
        ],
      })
    ).results
      .map((r) => r.id)
      .sort((x, y) => Number(x) - Number(y));
    const [c1, c2] = (
      await hs.crm.companies.batchApi.create({ inputs: ['One', 'Two'].map((name) => ({ properties: { name }, associations: [] })) })
    ).results.map((r) => r.id);
    await hs.crm.associations.v4.batchApi.create('contacts', 'companies', {
      inputs: [
        { _from: { id: a! }, to: { id: c1! }, types: [spec(1)] },
        { _from: { id: b! }, to: { id: c2! }, types: [spec(1)] },
      ],
    });

    const merged = await hs.crm.contacts.basicApi.merge({ primaryObjectId: a!, objectIdToMerge: b! });
    assert.ok(![a, b].includes(merged.id));
    assert.is(merged.properties.firstname, 'Ann', "the primary's values win");
    assert.is(merged.properties.jobtitle, 'CTO', "the other's fill the gaps");
    assert.is(merged.properties.email, 'a@merge.example.com');
    assert.equal(merged.properties.hs_merged_object_ids!.split(';').sort(), [a, b].sort());
    for (const old of [a!, b!]) assert.is((await hs.crm.contacts.basicApi.getById(old, ['email'])).id, merged.id);
    // The listing and search know only the merged record; the archived listing does not show the old ones.
    const live = (await hs.crm.contacts.basicApi.getPage(100)).results.map((r) => r.id);
    assert.equal(live, [merged.id]);
    assert.equal((await hs.crm.contacts.basicApi.getPage(100, undefined, undefined, undefined, undefined, true)).results, []);
    // Both companies follow; only the primary's keeps the primary label.
    const links = await hs.crm.associations.v4.basicApi.getPage('contacts', merged.id, 'companies');
    const types = Object.fromEntries(links.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId).sort()]));
    assert.equal(types, { [c1!]: [1, 279], [c2!]: [279] });
    // A record merged again: the ids it absorbed carry over.
    const [d] = (await hs.crm.contacts.batchApi.create({ inputs: [{ properties: { email: 'd@merge.example.com' }, associations: [] }] })).results.map(
      (r) => r.id,
    );
    const again = await hs.crm.contacts.basicApi.merge({ primaryObjectId: d!, objectIdToMerge: a! });
    assert.equal(again.properties.hs_merged_object_ids!.split(';').sort(), [a, b, d, merged.id].sort());
    assert.is((await hs.crm.contacts.basicApi.getById(b!)).id, again.id, 'a chain of merges is followed');
  } finally {
    await emu.close();
  }
});

test('merge refusals: missing ids, an unknown record, a record with itself', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 1 } });
  try {
    const hs = sdkFor(emu);
    const id = [...emu.store.types.get('0-1')!.records.keys()][0]!;
    assert.is((await failure(hs.crm.contacts.basicApi.merge({ primaryObjectId: id } as never))).code, 400);
    const unknown = await failure(hs.crm.contacts.basicApi.merge({ primaryObjectId: id, objectIdToMerge: '999999' }));
    assert.is(unknown.code, 404);
    assert.is(unknown.body.category, 'OBJECT_NOT_FOUND');
    assert.is((await failure(hs.crm.contacts.basicApi.merge({ primaryObjectId: id, objectIdToMerge: id }))).code, 400);
    assert.ok(emu.store.live(emu.store.types.get('0-1')!, id), 'nothing was merged');
  } finally {
    await emu.close();
  }
});

test.run();
