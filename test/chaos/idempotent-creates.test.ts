/**
 * Idempotent creates under faults: a quarter of all calls to HubSpot, Salesforce and Google fail,
 * first *after* the app processed them (the write is committed, then its answer is lost to a 502
 * or a dropped connection), then *before* (429s, 5xx, dropped connections). Companies (HubSpot ↔
 * Salesforce, R26), contacts (HubSpot ↔ Google), Salesforce tasks into HubSpot (R9, no match key)
 * and a custom object (R7, no match key) sync over several runs. No create may be sent again
 * blindly: each lost answer is looked up by the record's marker first. At the end no app holds a
 * duplicate, no record is lost, and every record is linked.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addRecords, appRecords, census, CRM_ENV, makeFailuresDue, startCrmApps } from './crm-apps.js';
import { all, startApps, TOKEN } from './helpers.js';

const SEED = {
  companies: { hubspot: 120, salesforce: 120, salesforceFrom: 60 }, // 180 companies, 60 in both
  contacts: { hubspot: 150, google: 150, googleFrom: 75 }, // 225 people, 75 in both
  tasks: 200,
  invoices: 120,
};
const RATE = 0.25;
/** Rounds of new records per phase (after, then before), and new records per kind per round. */
const ROUNDS = Number(process.env.CRMSYNC_CHAOS_FULL ? 4 : 2);
const PER_ROUND = 40;

test(`${RATE * 100}% faults after and before the apps processed each call: no duplicate, nothing lost, all linked`, async () => {
  Object.assign(process.env, CRM_ENV);
  const apps = await startCrmApps(SEED);
  const figures = { runs: 0, created: 0, failed: 0 };
  const run = async () => {
    makeFailuresDue(apps.p);
    const result = await apps.p.run('apply', '--yes');
    figures.runs++;
    // A run either completes or stops with a located error: never a crash.
    assert.not.match(result.stderr, 'internal error, please report', result.stderr.slice(0, 2000));
    const done = /Apply (?:complete|incomplete): (\d+) created, \d+ updated, \d+ deleted, \d+ linked, \d+ association\(s\) added, (\d+) failed/.exec(
      result.stdout,
    );
    if (done) (figures.created += Number(done[1])), (figures.failed += Number(done[2]));
    if (process.env.CHAOS_DEBUG)
      process.stdout.write(
        result.stdout
          .split('\n')
          .filter((l) => !/^\s+[+~=]/.test(l))
          .join('\n') + result.stderr,
      );
  };
  try {
    const expected = { companies: 180, contacts: 225, tasks: SEED.tasks, invoices: SEED.invoices };
    // Each round the apps gain new records, then two runs go through the faults.
    const round = async (r: number, faults: Parameters<typeof apps.setFaults>[0]) => {
      if (r > 0) {
        apps.setFaults(null);
        const added = await addRecords(apps, r, PER_ROUND);
        for (const k of Object.keys(expected) as Array<keyof typeof expected>) expected[k] += added[k];
      }
      apps.setFaults(faults);
      for (let i = 0; i < 2; i++) await run();
    };
    for (let r = 0; r < ROUNDS; r++) await round(r, { rate: RATE, kinds: ['server-error', 'drop'], when: 'after', seed: 41 + r });
    const afterOnly = apps.faultCounts();
    assert.ok(afterOnly.after > 20, `faults after processing: ${afterOnly.after}`);
    for (let r = ROUNDS; r < 2 * ROUNDS; r++) await round(r, { rate: RATE, kinds: ['rate-limit', 'server-error', 'drop'], when: 'before', seed: 41 + r });
    const faults = apps.faultCounts();
    assert.ok(faults.before > 20, `faults before processing: ${faults.before}`);
    apps.setFaults(null);
    for (let i = 0; i < 2; i++) await run();
    const settled = await apps.p.run('plan', '--detailed-exitcode');
    assert.is(settled.code, 0, settled.stdout.slice(-1500) + settled.stderr);

    const recs = appRecords(apps);
    const counts = {
      'hubspot companies': [census(recs.hubspot.companies.map((r) => r.key)), expected.companies],
      'salesforce accounts': [census(recs.salesforce.accounts.map((r) => r.key)), expected.companies],
      'hubspot contacts': [census(recs.hubspot.contacts.map((r) => r.key)), expected.contacts],
      'google contacts': [census(recs.google.contacts.map((r) => r.key)), expected.contacts],
      // Tasks have no natural key: each HubSpot task holds the marker of the Salesforce task it came from.
      'hubspot tasks': [census(recs.hubspot.tasks.map((r) => r.key)), expected.tasks],
      'hubspot invoices': [census(recs.hubspot.invoices.map((r) => r.key)), expected.invoices],
    } as const;
    let duplicates = 0;
    let lost = 0;
    for (const [what, [c, expected]] of Object.entries(counts)) {
      duplicates += c.duplicates;
      lost += Math.max(0, expected - (c.count - c.duplicates));
      assert.is(c.duplicates, 0, `no duplicate among ${what}`);
      assert.is(c.count, expected, `every one of the ${what} is there`);
    }
    // Every record of both sides is linked, once, to a live record.
    const state = apps.p.state();
    const linked = (sync: string, side: 'left' | 'right') => new Set(state.syncs[sync]!.links.filter((l) => !l.deleted).map((l) => l[side]));
    const all = (ids: Array<{ id: string }>, set: Set<string>, what: string) => {
      for (const { id } of ids) assert.ok(set.has(id), `${what} ${id} is linked`);
      assert.is(set.size, ids.length, `${what}: one link each`);
    };
    all(recs.hubspot.companies, linked('companies', 'left'), 'hubspot company');
    all(recs.salesforce.accounts, linked('companies', 'right'), 'salesforce account');
    all(recs.hubspot.contacts, linked('contacts', 'left'), 'hubspot contact');
    all(recs.google.contacts, linked('contacts', 'right'), 'google contact');
    all(recs.salesforce.tasks, linked('tasks', 'left'), 'salesforce task');
    all(recs.hubspot.tasks, linked('tasks', 'right'), 'hubspot task');
    all(recs.salesforce.invoices, linked('invoices', 'left'), 'salesforce invoice');
    all(recs.hubspot.invoices, linked('invoices', 'right'), 'hubspot invoice');
    for (const s of Object.values(state.syncs)) assert.is(s.failures.length, 0, JSON.stringify(s.failures.slice(0, 2)));
    assert.is(state.journal.length, 0);
    process.stdout.write(
      `  runs ${figures.runs}; calls ${faults.calls}; faults before ${faults.before}, after ${faults.after}; creates ${figures.created} (+${figures.failed} failed, retried); duplicates ${duplicates}; lost ${lost}\n`,
    );
  } finally {
    await apps.close();
  }
});

test('every create answer lost after Google made the contacts: each is found by its marker and linked, none sent twice', async () => {
  const apps = await startApps({ hubspot: 300, google: 0, from: 0 });
  process.env.CHAOS_HUBSPOT_TOKEN = TOKEN;
  process.env.CHAOS_GOOGLE_TOKEN = TOKEN;
  try {
    // Reads (GET) work; every write's answer (POST) is dropped after Google committed it.
    apps.google.setFaults({ rate: 1, kinds: ['drop', 'server-error'], methods: ['POST'], when: 'after', seed: 9 });
    const run = await apps.p.run('apply', '--yes');
    apps.google.setFaults(null);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, 'Apply complete: 300 created');
    assert.is(apps.google.calls.byRoute['people.batchCreateContacts'], 2, 'two batches of creates, each sent once');
    assert.is(apps.google.calls.faultsAfter, 2, 'both answers were lost');
    const g = await all(apps.g, ['email']);
    assert.is(g.length, 300);
    assert.is(new Set(g.map((r) => String(r.fields.email))).size, 300);
    const state = apps.p.state();
    assert.is(state.syncs.contacts!.links.length, 300);
    assert.is(state.journal.length, 0);
    assert.is((await apps.p.run('plan', '--detailed-exitcode')).code, 0);
  } finally {
    delete process.env.CHAOS_HUBSPOT_TOKEN;
    delete process.env.CHAOS_GOOGLE_TOKEN;
    await apps.close();
  }
});

test('a state that lost links: HubSpot refuses the repeated creates for their marker (409), and each is found and linked, not duplicated', async () => {
  Object.assign(process.env, CRM_ENV);
  const apps = await startCrmApps({ tasks: 20 });
  try {
    assert.is((await apps.p.run('apply', '--yes')).code, 0);
    const state = apps.p.state();
    const lost = state.syncs.tasks!.links.splice(0, 5);
    state.syncs.tasks!.cursors = {}; // read in full: the unlinked tasks are seen again
    apps.p.write('.crmsync/state.json', JSON.stringify(state));
    const again = await apps.p.run('apply', '--yes');
    assert.is(again.code, 0, again.stderr);
    assert.match(again.stdout, 'Apply complete: 5 created, 0 updated, 0 deleted, 0 linked, 0 association(s) added, 0 failed.');
    const tasks = appRecords(apps).hubspot.tasks;
    assert.equal(census(tasks.map((r) => r.key)), { count: 20, duplicates: 0 });
    const links = apps.p.state().syncs.tasks!.links;
    assert.is(links.length, 20);
    for (const l of lost)
      assert.ok(
        links.some((k) => k.left === l.left && k.right === l.right),
        'linked to the record it made before',
      );
  } finally {
    await apps.close();
  }
});

test.run();
