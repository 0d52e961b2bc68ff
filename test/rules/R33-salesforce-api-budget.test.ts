/**
 * R33: Salesforce caps API calls per day. A connection's `api_budget_share` stops a run before it
 * spends more than that share of the org's allowance: the calls stop at the share, every record
 * written is linked (no half-writes), the rest become `quota` failures with a hint, and a later
 * run resumes without duplicates. Against an org emulator with a small allowance, reached as a
 * real Salesforce connection (instance URL and access token).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { project, records, type Project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('R33 Salesforce daily API budget');

const ctx = { org: undefined as unknown as SalesforceEmulator };
const TOKEN = 'r33-salesforce-session';

test.before(() => {
  process.env.R33_SF_TOKEN = TOKEN;
});
test.before.each(async () => {
  ctx.org = await startSalesforceEmulator({ accessToken: TOKEN, dailyApiLimit: 100, seed: { contacts: 0 } });
});
test.after.each(() => ctx.org.close());
test.after(() => {
  delete process.env.R33_SF_TOKEN;
});

// 450 contacts need three create calls of 200; the budget below leaves room for two.
const files = () => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 450, companies: 0, from: 0 } }
  salesforce:
    app: salesforce
    instance_url: ${ctx.org.url}
    access_token: { env: R33_SF_TOKEN }
    api_budget_share: 0.75
`,
  'syncs/contacts.yaml': syncFile('contacts', 'crm', 'salesforce Contact', `direction: two-way`),
});
const contactIds = () => [...ctx.org.store.table('Contact')!.rows.keys()].map(String).sort();
const retryNow = (p: Project) => {
  const state = p.state();
  for (const f of state.syncs.contacts!.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(state));
};

test('R33: writes stop at the budget share; what was written is linked, the rest fails with quota and resumes later', async () => {
  const p = project(files());
  // 71 of 100 calls spent elsewhere today; 75 is this connection's share: describe, query, two creates.
  ctx.org.setApiUsage(71);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 3, applied.stderr); // 50 records failed: incomplete
  assert.match(applied.stdout, 'Apply incomplete: 400 created, 0 updated, 0 deleted, 0 linked, 0 association(s) added, 50 failed');
  assert.equal(ctx.org.apiUsage(), { used: 75, limit: 100 }, 'never past the share');

  // No half-writes: every Salesforce contact is linked, and every failure is a record not written.
  const state = p.state().syncs.contacts!;
  assert.equal(state.links.map((l) => l.right).sort(), contactIds());
  assert.is(state.failures.length, 50);
  assert.ok(state.failures.every((f) => f.category === 'quota' && f.code === 'DAILY_API_SHARE_REACHED'));
  assert.match(state.failures[0]!.message, 'Stopped before exceeding 75% of the Salesforce daily API allowance (75/100 calls used');
  assert.match(state.failures[0]!.hint!, '(R33)');
  const status = await p.run('status');
  assert.match(status.stdout, '400 in sync');
  assert.match(status.stdout, 'quota: 50 (hint: Salesforce counts API calls over a rolling 24 hours (R33)');

  // A day later the allowance is back: the next run creates the 50 and nothing twice.
  ctx.org.setApiUsage(0);
  retryNow(p);
  const resumed = await p.run('apply', '--yes');
  assert.is(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, '50 created');
  assert.is(contactIds().length, 450);
  const emails = [...ctx.org.store.table('Contact')!.rows.values()].map((r) => String(r.Email).toLowerCase());
  assert.is(new Set(emails).size, 450, 'no duplicates');
  assert.equal(p.state().syncs.contacts!.failures, []);
  assert.is(records(p.store('crm')).length, 450, 'nothing came back as a new record');
});

test('R33: when the budget stops the read, nothing is written anywhere and the cursor does not move', async () => {
  const p = project(files());
  // One call left within the share: the describe takes it, the query is never sent.
  ctx.org.setApiUsage(74);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 3, applied.stderr); // the Salesforce read stopped: incomplete
  assert.match(applied.stdout.trim().split('\n').at(-1)!, /^Apply incomplete: .*could not read salesforce \(quota: DAILY_API_SHARE_REACHED\) completely/);
  assert.equal(ctx.org.apiUsage(), { used: 75, limit: 100 });
  assert.is(contactIds().length, 0);
  assert.is(records(p.store('crm')).length, 450);
  const state = p.state().syncs.contacts!;
  assert.equal(state.links, []);
  assert.is(state.cursors.right, null, 'the Salesforce read starts over next time');
  // Salesforce was not read, so nothing is created there (R24): the records wait, listed, not failed.
  assert.equal(state.failures, []);
  assert.is(state.waiting?.length, 450);
  assert.ok(state.waiting!.every((w) => w.side === 'left' && w.message.includes('quota: DAILY_API_SHARE_REACHED')));
});

test.run();
