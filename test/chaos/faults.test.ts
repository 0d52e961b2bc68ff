/**
 * Faults from the apps at 20% of calls, before the app processes them (429s, 5xx, dropped
 * connections, latency): after every run each record read is exactly one of linked, created,
 * excluded, waiting or failed with a category (R31), per side, and every record of an app read
 * completely is in exactly one of the state's links, failures or waiting list; nothing is silently
 * dropped or duplicated, a run that is not complete says so (exit 3), and once the faults stop, a
 * retry brings everything in sync.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SideName } from '../../src/config/model.js';
import type { RemoteRecord } from '../../src/connectors/types.js';
import type { SyncState } from '../../src/state/types.js';
import { all, startApps, TOKEN, type Apps } from './helpers.js';

const NO_ANSWER_CODES = /^(HTTP_0|UNKNOWN|CLIENT_ERROR)$/;

/**
 * Every record of `side` read in full is in exactly one of links, failures, waiting. Returns how many
 * records of the app are in none (0 when the read was complete).
 */
function unaccountedInApp(s: SyncState, side: SideName, records: RemoteRecord[]): number {
  const linked = new Set(s.links.map((l) => l[side]));
  const failed = new Set(s.failures.filter((f) => f.side === side).map((f) => f.id));
  const waiting = new Set((s.waiting ?? []).filter((w) => w.side === side).map((w) => w.id));
  let none = 0;
  for (const r of records) {
    const places = Number(linked.has(r.id)) + Number(failed.has(r.id)) + Number(waiting.has(r.id));
    // A linked record whose update failed is failed, not also linked: count it once.
    assert.ok(places <= 1 || (places === 2 && linked.has(r.id) && failed.has(r.id)), `${side} ${r.id} in more than one place`);
    if (places === 0) none++;
  }
  return none;
}

/**
 * A run completes (0), completes in part and says so (3), or stops with a located error (1): never
 * a crash, and never "Apply complete" with a read incomplete or records failed or waiting. Returns
 * whether the run got as far as its accounting (checked here).
 */
async function checkRun(apps: Apps, result: { code: number; stdout: string; stderr: string }, run: number): Promise<boolean> {
  assert.not.match(result.stderr, 'internal error, please report');
  assert.ok([0, 1, 3].includes(result.code), `exit ${result.code}`);
  // An app that did not answer at all: nothing was read or written, no accounting to check.
  if (/^Incomplete: could not reach /m.test(result.stdout)) return false;
  if (result.code === 1) {
    assert.match(result.stderr, /^error\[[a-z-]+\]/m);
    return false;
  }
  const last = result.stdout.trim().split('\n').at(-1)!;
  const health = apps.p.state().syncs.contacts!.health!;
  const clean = !health.incomplete && health.failed === 0 && !(health.waiting?.left || health.waiting?.right);
  assert.is(result.code, clean ? 0 : 3, last);
  assert.match(last, clean ? /^Apply complete: / : /^Apply incomplete: /);
  await assertAccounted(apps, run);
  return true;
}

/** The accounting the run wrote: the exact sum per side, and every app read in full fully placed. */
async function assertAccounted(apps: Apps, run: number): Promise<void> {
  const s = apps.p.state().syncs.contacts!;
  const a = s.health!.accounting!;
  for (const side of ['left', 'right'] as const) {
    const x = a[side];
    assert.is(x.unaccounted, 0, `run ${run} ${side}: ${JSON.stringify(x)}`);
    assert.is(x.linked + x.created + x.excluded + x.waiting + x.failed + x.deleted, x.read, `run ${run} ${side}: ${JSON.stringify(x)}`);
    assert.is(x.waiting, (s.waiting ?? []).filter((w) => w.side === side).length);
  }
  for (const f of s.failures) {
    assert.ok(f.category && f.message && f.hint, JSON.stringify(f));
    assert.not.match(f.code, NO_ANSWER_CODES, JSON.stringify(f));
    assert.is.not(f.category, 'unknown', JSON.stringify(f));
  }
  // Read with the faults off: what the apps hold now.
  apps.hubspot.setFaults(null);
  apps.google.setFaults(null);
  const records = { left: await all(apps.hs, ['email']), right: await all(apps.g, ['email']) };
  for (const side of ['left', 'right'] as const) {
    if (s.health!.incomplete?.[side]) continue; // records not read are not placed; the run said so
    assert.is(unaccountedInApp(s, side, records[side]), 0, `run ${run}: every ${side} record placed`);
  }
}

test('20% injected faults: each record is in sync or failed, never lost; faults gone, all in sync', async () => {
  const apps = await startApps({ hubspot: 1500, google: 1500, from: 750 }); // 2,250 people
  process.env.CHAOS_HUBSPOT_TOKEN = TOKEN;
  process.env.CHAOS_GOOGLE_TOKEN = TOKEN;
  try {
    const faults = { rate: 0.2, kinds: ['rate-limit', 'server-error', 'drop', 'latency'] as const, latencyMs: 50, seed: 7 };
    const faultsOn = (run: number) => {
      apps.hubspot.setFaults({ ...faults, kinds: [...faults.kinds], seed: 7 + run });
      apps.google.setFaults({ ...faults, kinds: [...faults.kinds], seed: 11 + run });
    };
    faultsOn(0);
    let injected = 0;
    let ok = 0;
    for (let run = 0; run < 4; run++) {
      // The apps change between runs, through their APIs while the faults are on.
      if (run > 0) {
        for (const [c, field] of [
          [apps.hs, 'jobtitle'],
          [apps.g, 'jobTitle'],
        ] as const) {
          const some = (await all(c, ['email'])).slice(run * 40, run * 40 + 40);
          await c.write(
            'contacts',
            some.map((r, j) => ({ kind: 'update' as const, ref: String(j), id: r.id, fields: { [field]: `Run ${run}` }, etag: r.meta?.etag })),
          );
        }
      }
      const result = await apps.p.run('apply', '--yes');
      if (process.env.CHAOS_DEBUG)
        process.stdout.write(
          result.stdout
            .split('\n')
            .filter((l) => !/^\s+[+~=]/.test(l))
            .join('\n') + result.stderr,
        );
      if ((await checkRun(apps, result, run)) && result.code === 0) ok++;
      faultsOn(run + 1);
    }
    injected = apps.hubspot.calls.faults + apps.google.calls.faults;
    process.stdout.write(`  injected faults: ${injected} over ${apps.hubspot.calls.total + apps.google.calls.total} calls; ${ok} of 4 runs completed\n`);
    assert.ok(injected > 20);
    apps.hubspot.setFaults(null);
    apps.google.setFaults(null);
    const hs = await all(apps.hs, ['email']);
    const g = await all(apps.g, ['email']);
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

test('HubSpot down, then 50% faults (5xx and dropped connections), over 5 runs: every run accounted per side, no silent drop, then all in sync', async () => {
  const apps = await startApps({ hubspot: 600, google: 600, from: 300 }); // 900 people
  process.env.CHAOS_HUBSPOT_TOKEN = TOKEN;
  process.env.CHAOS_GOOGLE_TOKEN = TOKEN;
  try {
    // Runs 0 and 2: every HubSpot call answers 500 (a first sync, then a later one, with HubSpot
    // unreadable); the others: half of all calls fail, before the app processes them.
    const faultsOn = (run: number) => {
      const down = run === 0 || run === 2;
      apps.hubspot.setFaults({ rate: down ? 1 : 0.5, kinds: down ? ['server-error'] : ['server-error', 'drop'], seed: 21 + run });
      apps.google.setFaults({ rate: 0.5, kinds: ['server-error', 'drop'], seed: 31 + run });
    };
    const codes: number[] = [];
    let placedBefore = 0;
    for (let run = 0; run < 5; run++) {
      faultsOn(run);
      const result = await apps.p.run('apply', '--yes');
      if (process.env.CHAOS_DEBUG)
        process.stdout.write(
          result.stdout
            .split('\n')
            .filter((l) => !/^\s+[+~=?]/.test(l))
            .join('\n') + result.stderr,
        );
      codes.push(result.code);
      if (!(await checkRun(apps, result, run))) continue;
      // Progress or a listed reason, run after run: the records placed never go down.
      const s = apps.p.state().syncs.contacts!;
      const placed = s.links.length * 2 + s.failures.length + (s.waiting?.length ?? 0);
      assert.ok(placed >= placedBefore, `run ${run}: ${placed} placed, ${placedBefore} before`);
      placedBefore = placed;
    }
    process.stdout.write(
      `  exits ${codes.join(', ')}; ${apps.hubspot.calls.faults + apps.google.calls.faults} faults over ${apps.hubspot.calls.total + apps.google.calls.total} calls\n`,
    );
    assert.ok(codes.includes(3), `some runs are incomplete: ${codes.join(', ')}`);

    apps.hubspot.setFaults(null);
    apps.google.setFaults(null);
    const due = apps.p.state();
    for (const f of due.syncs.contacts!.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
    apps.p.write('.crmsync/state.json', JSON.stringify(due));
    const last = await apps.p.run('apply', '--yes');
    assert.is(last.code, 0, last.stdout.split('\n').slice(-3).join('\n'));
    const hs = await all(apps.hs, ['email']);
    const g = await all(apps.g, ['email']);
    assert.is(hs.length, 900);
    assert.is(g.length, 900);
    assert.is(apps.p.state().syncs.contacts!.links.length, 900);
    assert.is((await apps.p.run('plan', '--detailed-exitcode')).code, 0);
  } finally {
    delete process.env.CHAOS_HUBSPOT_TOKEN;
    delete process.env.CHAOS_GOOGLE_TOKEN;
    await apps.close();
  }
});

test.run();
