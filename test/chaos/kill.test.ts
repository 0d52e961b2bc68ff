/**
 * Crash safety: the CLI is killed (SIGKILL) at random points of a large apply against the HubSpot
 * and Google emulators, while the apps keep changing; then it runs to completion. Nothing may be
 * duplicated or lost, and the state must match both apps.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prng } from '../../src/connectors/shared/emulator-http.js';
import { all, killSpan, runCli, startApps } from './helpers.js';

const KILL_POINTS = Number(process.env.CRMSYNC_KILL_POINTS ?? 14);

test(`killed at ${KILL_POINTS} random points, then rerun: no duplicates, no lost updates, state matches the apps`, async () => {
  const apps = await startApps({ hubspot: 700, google: 700, from: 350 }); // 1,050 people, 350 shared
  const random = prng(Number(process.env.CRMSYNC_CHAOS_SEED ?? 20261122));
  const edits = new Map<string, string>(); // email → the latest job title written in an app
  try {
    const span = await killSpan(apps.p.dir);
    let killed = 0;
    const kill = async (i: number) => {
      const run = await runCli(apps.p.dir, ['apply', '--auto-approve', '--lock-timeout', '10s'], 150 + Math.floor(random() * span));
      if (run.signal === 'SIGKILL') killed++;
      else assert.is(run.code, 0, run.out);
      // A killed run leaves its lock behind: clear it as an operator would.
      if (apps.p.exists('.crmsync/state.json.lock')) {
        const { id } = JSON.parse(apps.p.read('.crmsync/state.json.lock')) as { id: string };
        assert.is((await runCli(apps.p.dir, ['force-unlock', id])).code, 0);
      }
      void i;
    };
    // Phase 1: kills during the large initial sync (creates and links).
    const half = Math.ceil(KILL_POINTS / 2);
    for (let i = 0; i < half; i++) await kill(i);
    const completed = await runCli(apps.p.dir, ['apply', '--auto-approve']);
    assert.is(completed.code, 0, completed.out.slice(-2000));
    // Phase 2: the apps keep changing between killed runs. HubSpot edits one half of the people and
    // Google the other, so no edit meets a conflicting one and every last edit must survive.
    const half2 = (email: string) => [...email].reduce((a, c) => a + c.charCodeAt(0), 0) % 2;
    for (let i = half; i < KILL_POINTS; i++) {
      for (const [name, c, parity, field] of [
        ['hs', apps.hs, 0, 'jobtitle'],
        ['g', apps.g, 1, 'jobTitle'],
      ] as const) {
        const records = (await all(c, ['email'])).filter((r) => half2(String(r.fields.email).toLowerCase()) === parity);
        const picks = records.filter(() => random() < 0.02).slice(0, 6);
        const ops = picks.map((r, j) => ({
          kind: 'update' as const,
          ref: String(j),
          id: r.id,
          fields: { [field]: `Edit ${i}-${j} in ${name}` },
          etag: r.meta?.etag,
        }));
        const results = await c.write('contacts', ops);
        results.forEach((res, j) => res.ok && edits.set(String(picks[j]!.fields.email).toLowerCase(), `Edit ${i}-${j} in ${name}`));
      }
      await kill(i);
    }
    process.stdout.write(`  kill points tried: ${KILL_POINTS} (${killed} killed mid-run)\n`);
    // Run to completion; chained changes settle in two runs.
    for (let i = 0; i < 2; i++) {
      const done = await runCli(apps.p.dir, ['apply', '--auto-approve']);
      assert.is(done.code, 0, done.out.slice(-2000));
    }
    const settled = await runCli(apps.p.dir, ['plan', '--detailed-exitcode']);
    assert.is(settled.code, 0, settled.out);

    const hs = await all(apps.hs, ['email', 'jobtitle']);
    const g = await all(apps.g, ['email', 'jobTitle']);
    const emails = (rs: typeof hs) => rs.map((r) => String(r.fields.email).toLowerCase());
    assert.is(new Set(emails(hs)).size, hs.length, 'no duplicate in HubSpot');
    assert.is(new Set(emails(g)).size, g.length, 'no duplicate in Google');
    assert.is(hs.length, 1050, 'nobody lost in HubSpot');
    assert.is(g.length, 1050, 'nobody lost in Google');
    // No lost updates: the last edit of each person is in both apps.
    const gByEmail = new Map(g.map((r) => [String(r.fields.email).toLowerCase(), r]));
    for (const r of hs) {
      const email = String(r.fields.email).toLowerCase();
      assert.is(r.fields.jobtitle ?? null, gByEmail.get(email)!.fields.jobTitle ?? null, `job titles agree for ${email}`);
      if (edits.has(email)) assert.is(r.fields.jobtitle, edits.get(email));
    }
    // The state matches the apps: one link per person, each pointing at live records.
    const state = apps.p.state();
    const links = state.syncs.contacts!.links;
    assert.is(links.length, 1050);
    assert.is(state.journal.length, 0);
    const hsIds = new Set(hs.map((r) => r.id));
    const gIds = new Set(g.map((r) => r.id));
    assert.ok(links.every((l) => hsIds.has(l.left) && gIds.has(l.right)));
    assert.is(new Set(links.map((l) => l.left)).size, 1050);
  } finally {
    await apps.close();
  }
});

test.run();
