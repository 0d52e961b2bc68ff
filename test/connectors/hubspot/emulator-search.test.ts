/** The emulator's CRM search: operators, groups, sorts in both forms, paging, the 200 limit and the 10,000 cap. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Client } from '@hubspot/api-client';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { failure, sdkFor } from './helpers.js';

const test = suite<{ emu: HubSpotEmulator; hs: Client; ids: Record<string, string> }>('hubspot emulator: search');
const T0 = Date.UTC(2025, 5, 1);

test.before(async (ctx) => {
  ctx.emu = await startHubSpotEmulator({ limits: { tenSecondMax: 10_000, searchPerSecond: 10_000 } });
  ctx.hs = sdkFor(ctx.emu);
  const companies = ctx.emu.store.types.get('0-2')!;
  const rows: Array<[string, Record<string, string>]> = [
    ['alpha', { name: 'Alpha Labs', numberofemployees: '10', industry: 'BANKING' }],
    ['beta', { name: 'Beta Works', numberofemployees: '200', industry: 'RETAIL' }],
    ['gamma', { name: 'Gamma', numberofemployees: '50' }],
    ['delta', { name: 'Delta Alpha', numberofemployees: '5', industry: 'BANKING' }],
  ];
  ctx.ids = {};
  for (const [i, [key, values]] of rows.entries()) {
    const record = ctx.emu.store.create(companies, values);
    record.properties.hs_lastmodifieddate = new Date(T0 + 1000 * i).toISOString();
    ctx.ids[key] = record.id;
  }
});
test.after(async ({ emu }) => emu.close());

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };

async function names(
  hs: Client,
  filterGroups: Array<{ filters: Filter[] }>,
  sorts: unknown[] = [{ propertyName: 'name', direction: 'ASCENDING' }],
): Promise<string[]> {
  const page = await hs.crm.companies.searchApi.doSearch({ filterGroups, sorts, properties: ['name'], limit: 100 } as never);
  return page.results.map((r) => r.properties.name!);
}
const one = (filter: Filter) => [{ filters: [filter] }];

test('comparison operators compare numbers numerically', async ({ hs }) => {
  const f = (operator: string, value: string) => one({ propertyName: 'numberofemployees', operator, value });
  assert.equal(await names(hs, f('LT', '50')), ['Alpha Labs', 'Delta Alpha']);
  assert.equal(await names(hs, f('LTE', '50')), ['Alpha Labs', 'Delta Alpha', 'Gamma']);
  assert.equal(await names(hs, f('GT', '50')), ['Beta Works']);
  assert.equal(await names(hs, f('GTE', '10')), ['Alpha Labs', 'Beta Works', 'Gamma']);
  assert.equal(await names(hs, one({ propertyName: 'numberofemployees', operator: 'BETWEEN', value: '10', highValue: '50' })), ['Alpha Labs', 'Gamma']);
});

test('equality, sets, presence and tokens', async ({ hs }) => {
  assert.equal(await names(hs, one({ propertyName: 'name', operator: 'EQ', value: 'alpha labs' })), ['Alpha Labs']);
  assert.equal(await names(hs, one({ propertyName: 'industry', operator: 'NEQ', value: 'BANKING' })), ['Beta Works', 'Gamma']);
  assert.equal(await names(hs, one({ propertyName: 'industry', operator: 'IN', values: ['BANKING', 'RETAIL'] })), ['Alpha Labs', 'Beta Works', 'Delta Alpha']);
  assert.equal(await names(hs, one({ propertyName: 'industry', operator: 'NOT_IN', values: ['BANKING'] })), ['Beta Works', 'Gamma']);
  assert.equal(await names(hs, one({ propertyName: 'industry', operator: 'HAS_PROPERTY' })), ['Alpha Labs', 'Beta Works', 'Delta Alpha']);
  assert.equal(await names(hs, one({ propertyName: 'industry', operator: 'NOT_HAS_PROPERTY' })), ['Gamma']);
  assert.equal(await names(hs, one({ propertyName: 'name', operator: 'CONTAINS_TOKEN', value: 'alpha' })), ['Alpha Labs', 'Delta Alpha']);
});

test('filters AND inside a group, groups OR', async ({ hs }) => {
  const groups = [
    { filters: [{ propertyName: 'name', operator: 'EQ', value: 'Gamma' }] },
    {
      filters: [
        { propertyName: 'numberofemployees', operator: 'GT', value: '100' },
        { propertyName: 'industry', operator: 'EQ', value: 'RETAIL' },
      ],
    },
  ];
  assert.equal(await names(hs, groups), ['Beta Works', 'Gamma']);
});

test('sorts accept objects and "-name" strings', async ({ hs }) => {
  const byObject = await names(hs, [], [{ propertyName: 'numberofemployees', direction: 'DESCENDING' }]);
  assert.equal(byObject, ['Beta Works', 'Gamma', 'Alpha Labs', 'Delta Alpha']);
  assert.equal(await names(hs, [], ['-numberofemployees']), byObject);
  assert.equal(await names(hs, [], ['name']), ['Alpha Labs', 'Beta Works', 'Delta Alpha', 'Gamma']);
});

test('datetime filters take epoch milliseconds or ISO text', async ({ hs }) => {
  const since = T0 + 2000;
  const f = (value: string) => one({ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value });
  assert.equal(await names(hs, f(String(since))), ['Delta Alpha', 'Gamma']);
  assert.equal(await names(hs, f(new Date(since).toISOString())), ['Delta Alpha', 'Gamma']);
});

test('results carry id, create and modify properties; paging is offset-based and absent at the end', async ({ hs, ids }) => {
  const first = await hs.crm.companies.searchApi.doSearch({ filterGroups: [], sorts: ['hs_object_id'], properties: ['name'], limit: 3, after: '0' });
  assert.is(first.total, 4);
  assert.equal(
    first.results.map((r) => r.id),
    [ids.alpha, ids.beta, ids.gamma],
  );
  assert.is(first.paging?.next?.after, '3');
  const props = first.results[0]!.properties;
  assert.ok(props.hs_object_id && props.createdate && props.hs_lastmodifieddate);
  const last = await hs.crm.companies.searchApi.doSearch({ filterGroups: [], sorts: ['hs_object_id'], properties: ['name'], limit: 3, after: '3' });
  assert.equal(
    last.results.map((r) => r.id),
    [ids.delta],
  );
  assert.is(last.paging, undefined);
});

test('limit above 200 and bad filters are 400 VALIDATION_ERROR', async ({ hs }) => {
  const big = await failure(hs.crm.companies.searchApi.doSearch({ filterGroups: [], limit: 201 }));
  assert.is(big.code, 400);
  assert.is(big.body.category, 'VALIDATION_ERROR');
  const op = await failure(
    hs.crm.companies.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'name', operator: 'LIKE' as never, value: 'x' }] }] }),
  );
  assert.is(op.code, 400);
  const groups = Array.from({ length: 6 }, () => ({ filters: [{ propertyName: 'name', operator: 'HAS_PROPERTY' as never }] }));
  assert.is((await failure(hs.crm.companies.searchApi.doSearch({ filterGroups: groups }))).code, 400);
});

test('archived records never match', async ({ hs, ids }) => {
  await hs.crm.companies.basicApi.archive(ids.delta!);
  assert.equal(await names(hs, one({ propertyName: 'name', operator: 'CONTAINS_TOKEN', value: 'alpha' })), ['Alpha Labs']);
});

test('paging stops at 10,000 results with a 400', async () => {
  const emu = await startHubSpotEmulator({ seed: { contacts: 10_050 }, limits: { searchPerSecond: 1000 } });
  try {
    const hs = sdkFor(emu);
    const body = { filterGroups: [], sorts: ['hs_object_id'], properties: ['email'], limit: 200 };
    const last = await hs.crm.contacts.searchApi.doSearch({ ...body, after: '9800' });
    assert.is(last.total, 10_050);
    assert.is(last.results.length, 200);
    assert.is(last.paging?.next?.after, '10000');
    const beyond = await failure(hs.crm.contacts.searchApi.doSearch({ ...body, after: '10000' }));
    assert.is(beyond.code, 400);
    assert.is(beyond.body.category, 'VALIDATION_ERROR');
  } finally {
    await emu.close();
  }
});

test('HubSpot search rules: one sort rule, 5 groups / 6 filters per group / 18 in all, a 3,000-character body, lower-case IN values', async ({ hs }) => {
  const twoSorts = await failure(hs.crm.companies.searchApi.doSearch({ sorts: [{ propertyName: 'name' }, { propertyName: 'hs_object_id' }] } as never));
  assert.is(twoSorts.code, 400);
  assert.is(twoSorts.body.category, 'VALIDATION_ERROR');
  const filter = { propertyName: 'name', operator: 'HAS_PROPERTY' };
  const seven = await failure(hs.crm.companies.searchApi.doSearch({ filterGroups: [{ filters: Array(7).fill(filter) }] } as never));
  assert.is(seven.code, 400);
  const nineteen = await failure(
    hs.crm.companies.searchApi.doSearch({ filterGroups: [...Array(3).fill({ filters: Array(6).fill(filter) }), { filters: [filter] }] } as never),
  );
  assert.is(nineteen.code, 400);
  assert.ok(await names(hs, [...Array(3).fill({ filters: Array(6).fill(filter) })]), '18 filters are fine');
  const long = await failure(
    hs.crm.companies.searchApi.doSearch({ filterGroups: one({ propertyName: 'name', operator: 'IN', values: Array(200).fill('some company name') }) } as never),
  );
  assert.is(long.code, 400);
  assert.match(long.body.message!, '3000');
  // IN on a string property: values must be lower-case; capitals never match (search guide).
  assert.equal(await names(hs, one({ propertyName: 'name', operator: 'IN', values: ['Alpha Labs'] })), []);
  assert.equal(await names(hs, one({ propertyName: 'name', operator: 'IN', values: ['alpha labs'] })), ['Alpha Labs']);
  assert.equal(await names(hs, one({ propertyName: 'industry', operator: 'IN', values: ['banking'] })), [], 'enumerations compare case-sensitively');
});

test.run();
