/**
 * The emulator held to jsforce's own model of what Salesforce answers: every response the
 * connector consumes (describe, describeGlobal, query/queryAll/queryMore pages, collection
 * SaveResults) is checked property by property against the types jsforce declares (lib/types/
 * common.d.ts, lib/query.d.ts). Where Salesforce's documentation and jsforce's types disagree, the
 * emulator follows the documentation and the difference is listed here, so any other drift fails.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { jsforceShapeErrors } from './helpers.js';

const test = suite('salesforce emulator: contract with jsforce types');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({
    seed: { contacts: 450, companies: 3 },
    pageSize: 200,
    customObjects: [
      {
        name: 'Invoice',
        fields: [
          { name: 'Amount', type: 'currency' },
          { name: 'Status', type: 'picklist', picklist: ['Open', 'Paid'], restricted: true },
        ],
      },
    ],
  });
});
test.after(() => emu.close());

async function get(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.url}/services/data/v59.0${path}`, { headers: { authorization: `Bearer ${emu.accessToken}` } });
  assert.is(res.status, 200, path);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * Where jsforce's declared types are narrower than what Salesforce documents and sends:
 * - Field.defaultValue is typed `Optional<string>`, but a checkbox's default is a JSON boolean
 *   (REST API Developer Guide, sObject Describe: "defaultValue" of a boolean field).
 * - Field.filteredLookupInfo and referenceTargetField are typed `object`, but are null on fields
 *   without a lookup filter or an indirect lookup.
 * - DescribeSObjectResult.listviewable and lookupLayoutable are typed boolean, but the sObject
 *   Describe responses Salesforce shows carry null for both on standard objects.
 */
const KNOWN = [
  /^DescribeSObjectResult\.(listviewable|lookupLayoutable): null is not boolean$/,
  /^Field\.defaultValue: (true|false) is not Optional<string>$/,
  /^Field\.(filteredLookupInfo|referenceTargetField): null is not object$/,
];
const unexplained = (errors: string[]) => errors.filter((e) => !KNOWN.some((k) => k.test(e)));

test('describe: DescribeSObjectResult, every Field, ChildRelationship and RecordTypeInfo', async () => {
  for (const object of ['Contact', 'Account', 'Lead', 'Opportunity', 'Task', 'Invoice__c']) {
    const d = await get(`/sobjects/${object}/describe`);
    const errors = [...jsforceShapeErrors(d, 'DescribeGlobalSObjectResult'), ...jsforceShapeErrors(d, 'DescribeSObjectResult')];
    for (const f of d.fields as Array<Record<string, unknown>>) errors.push(...jsforceShapeErrors(f, 'Field').map((e) => `${e} (${object}.${String(f.name)})`));
    for (const c of d.childRelationships as Array<Record<string, unknown>>) errors.push(...jsforceShapeErrors(c, 'ChildRelationship'));
    for (const r of d.recordTypeInfos as Array<Record<string, unknown>>) errors.push(...jsforceShapeErrors(r, 'RecordTypeInfo'));
    assert.equal(unexplained(errors.map((e) => e.replace(/ \(.*\)$/, ''))), [], `${object}: ${errors.join('\n')}`);
  }
});

test('describeGlobal: DescribeGlobalResult and each DescribeGlobalSObjectResult', async () => {
  const g = await get('/sobjects');
  const errors = jsforceShapeErrors(g, 'DescribeGlobalResult');
  for (const o of g.sobjects as Array<Record<string, unknown>>) errors.push(...jsforceShapeErrors(o, 'DescribeGlobalSObjectResult'));
  assert.equal(errors, []);
});

test('query, queryMore and queryAll pages: QueryResult, records with attributes', async () => {
  const first = await get(`/query?q=${encodeURIComponent('SELECT Id, Email, Account.Name FROM Contact')}`);
  assert.equal(jsforceShapeErrors(first, 'QueryResult', 'query.d.ts'), []);
  assert.is(first.done, false);
  const next = await get(`/query/${String(first.nextRecordsUrl).split('/').pop()}`);
  assert.equal(jsforceShapeErrors(next, 'QueryResult', 'query.d.ts'), []);
  const all = await get(`/queryAll?q=${encodeURIComponent('SELECT Id, IsDeleted, SystemModstamp FROM Contact WHERE IsDeleted = false')}`);
  assert.equal(jsforceShapeErrors(all, 'QueryResult', 'query.d.ts'), []);
  for (const page of [first, next, all]) {
    for (const r of page.records as Array<Record<string, unknown>>) {
      assert.equal(jsforceShapeErrors(r, 'Record'), []);
      assert.type((r.attributes as { type: unknown }).type, 'string');
    }
  }
});

test("collections: SaveResult on success; on failure Salesforce's statusCode where jsforce's SaveError says errorCode", async () => {
  const res = await fetch(`${emu.url}/services/data/v59.0/composite/sobjects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      allOrNone: false,
      records: [
        { attributes: { type: 'Invoice__c' }, Status__c: 'Open' },
        { attributes: { type: 'Invoice__c' }, Status__c: 'Lost' },
      ],
    }),
  });
  const [ok, bad] = (await res.json()) as Array<Record<string, unknown>>;
  // jsforce's SaveResult is a union; its success branch is { success: true, id: string, errors: never[] }.
  assert.equal([ok!.success, typeof ok!.id, ok!.errors], [true, 'string', []]);
  assert.is(bad!.success, false);
  const [error] = bad!.errors as Array<Record<string, unknown>>;
  // sObject Collections answer `statusCode` (REST API Developer Guide, Create Multiple Records:
  // "errors": [{"statusCode": …, "message": …, "fields": […]}]); jsforce declares SaveError with
  // `errorCode`. The connector reads either (write.ts).
  const saveError = jsforceShapeErrors(error!, 'SaveError');
  assert.equal(saveError, ['SaveError.errorCode missing']);
  assert.equal(Object.keys(error!).sort(), ['fields', 'message', 'statusCode']);
});

test.run();
