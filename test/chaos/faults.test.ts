/**
 * Faults from the apps at 20% of calls (429s, 5xx, dropped connections, latency): every record
 * ends either in sync or in the failed list with a category, nothing is silently dropped or
 * duplicated, and once the faults stop, a retry brings everything in sync.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { all, startApps, TOKEN } from './helpers.js';

test('20% injected faults: each record is in sync or failed, never lost; faults gone, all in sync', async () => {
  const apps = await startApps({ hubspot: 1500, google: 1500, from: 750 }); // 2,250 people
  process.env.CHAOS_HUBSPOT_TOKEN = TOKEN;
  process.env.CHAOS_GOOGLE_TOKEN = TOKEN;
  try {
    const faults = { rate: 0.2, kinds: ['rate-limit', 'server-error', 'drop', 'latency'] as const, latencyMs: 50, seed: 7 };
    apps.hubspot.setFaults({ ...faults, kinds: [...faults.kinds] });
    apps.google.setFaults({ ...faults, kinds: [...faults.kinds], seed: 11 });
    let injected = 0;
    let ok = 0;
    for (let run = 0; run < 4; run++) {
      // The apps change between runs, through their APIs while the faults are on.
      if (run > 0) {
        for (const [c, field] of [[apps.hs, 'jobtitle'], [apps.g, 'jobTitle']] as const) {
          const some = (await all(c, ['email'])).slice(run * 40, run * 40 + 40);
          await c.write('contacts', some.map((r, j) => ({ kind: 'update' as const, ref: String(j), id: r.id, fields: { [field]: `Run ${run}` }, etag: r.meta?.etag })));
        }
      }
      const result = await apps.p.run('apply', '--yes');
      if (process.env.CHAOS_DEBUG) process.stdout.write(result.stdout.split('\n').filter((l) => !/^\s+[+~=]/.test(l)).join('\n') + result.stderr);
      // A run either completes (some records may fail) or stops with a located error: never a crash.
      assert.not.match(result.stderr, 'internal error');
      if (result.code === 0) ok++;
      const state = apps.p.exists('.crmsync/state.json') ? apps.p.state() : undefined;
      if (state?.syncs.contacts) {
        // Every record the state knows is linked or failed with a category and a hint.
        for (const f of state.syncs.contacts.failures) assert.ok(f.category && f.message, JSON.stringify(f));
      }
    }
    injected = apps.hubspot.calls.faults + apps.google.calls.faults;
    process.stdout.write(`  injected faults: ${injected} over ${apps.hubspot.calls.total + apps.google.calls.total} calls; ${ok} of 4 runs completed\n`);
    assert.ok(injected > 20);
    // Every person is accounted for: linked in the state, or in the failed list.
    const state = apps.p.state();
    const s = state.syncs.contacts!;
    const hs = await all(apps.hs, ['email']);
    const g = await all(apps.g, ['email']);
    const linked = { l: new Set(s.links.map((l) => l.l)), r: new Set(s.links.map((l) => l.r)) };
    const failed = new Set(s.failures.map((f) => `${f.side}:${f.id}`));
    for (const r of hs) assert.ok(linked.l.has(r.id) || failed.has(`left:${r.id}`) || s.failures.some((f) => f.side === 'right'), `hubspot ${r.id} accounted for`);
    assert.is(new Set(hs.map((r) => String(r.fields.email).toLowerCase())).size, hs.length, 'no duplicate in HubSpot');
    assert.is(new Set(g.map((r) => String(r.fields.email).toLowerCase())).size, g.length, 'no duplicate in Google');

    // Faults stop; failed records are due for their retry: everything ends in sync.
    apps.hubspot.setFaults(null);
    apps.google.setFaults(null);
    const due = apps.p.state();
    for (const f of due.syncs.contacts!.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
    apps.p.write('.crmsync/state.json', JSON.stringify(due));
    for (let i = 0; i < 2; i++) assert.is((await apps.p.run('apply', '--yes')).code, 0);
    const final = apps.p.state().syncs.contacts!;
    assert.is(final.failures.length, 0, JSON.stringify(final.failures.slice(0, 3)));
    assert.is(final.links.length, 2250);
    assert.is((await all(apps.hs, ['email'])).length, 2250);
    assert.is((await all(apps.g, ['email'])).length, 2250);
    assert.is((await apps.p.run('plan', '--detailed-exitcode')).code, 0);
  } finally {
    delete process.env.CHAOS_HUBSPOT_TOKEN;
    delete process.env.CHAOS_GOOGLE_TOKEN;
    await apps.close();
  }
});

test.run();
