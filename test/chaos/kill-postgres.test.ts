/**
 * Crash safety with the state in PostgreSQL: apply is SIGKILLed at random points of a large initial
 * sync between the HubSpot and Google emulators. A killed run's lease expires by itself
 * (CRMSYNC_LEASE=3s here); the next run takes it over, recovers creates from the journal rows, and
 * at the end nothing is duplicated or lost and the state's rows match both apps.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prng } from '../../src/connectors/shared/emulator-http.js';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import { freshDatabase } from '../helpers/postgres.js';
import { all, env, killSpan, runCli, startApps } from './helpers.js';

const KILL_POINTS = 5;

test(`PostgreSQL state: killed at ${KILL_POINTS} random points, then rerun: no duplicates, nobody lost, rows match the apps`, async () => {
  const url = await freshDatabase('kill');
  const apps = await startApps({ hubspot: 300, google: 300, from: 150 }); // 450 people, 150 shared
  apps.p.write('syncs/settings.yaml', 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n');
  Object.assign(env, { CRMSYNC_STATE_URL: url, CRMSYNC_LEASE: '3s' });
  const random = prng(Number(process.env.CRMSYNC_CHAOS_SEED ?? 20261202));
  try {
    const span = await killSpan(apps.p.dir);
    let killed = 0;
    for (let i = 0; i < KILL_POINTS; i++) {
      const run = await runCli(apps.p.dir, ['apply', '--auto-approve', '--lock-timeout', '30s'], 300 + Math.floor(random() * span));
      if (run.signal === 'SIGKILL') killed++;
      else assert.is(run.code, 0, run.out);
    }
    process.stdout.write(`  kill points tried: ${KILL_POINTS} (${killed} killed mid-run)\n`);
    for (let i = 0; i < 2; i++) {
      const done = await runCli(apps.p.dir, ['apply', '--auto-approve', '--lock-timeout', '30s']);
      assert.is(done.code, 0, done.out.slice(-2000));
    }
    const settled = await runCli(apps.p.dir, ['plan', '--detailed-exitcode']);
    assert.is(settled.code, 0, settled.out);

    const hs = await all(apps.hs, ['email']);
    const g = await all(apps.g, ['email']);
    const emails = (rs: typeof hs) => rs.map((r) => String(r.fields.email).toLowerCase());
    assert.is(new Set(emails(hs)).size, hs.length, 'no duplicate in HubSpot');
    assert.is(new Set(emails(g)).size, g.length, 'no duplicate in Google');
    assert.is(hs.length, 450, 'nobody lost in HubSpot');
    assert.is(g.length, 450, 'nobody lost in Google');
    const backend = new PostgresBackend(url);
    const state = await backend.read();
    await backend.close();
    const links = state.syncs.contacts!.links;
    assert.is(links.length, 450);
    assert.is(state.journal.length, 0);
    const hsIds = new Set(hs.map((r) => r.id));
    const gIds = new Set(g.map((r) => r.id));
    assert.ok(
      links.every((l) => hsIds.has(l.left) && gIds.has(l.right)),
      'every link points at live records',
    );
    assert.is(new Set(links.map((l) => l.left)).size, 450);
    assert.is(new Set(links.map((l) => l.right)).size, 450);
  } finally {
    delete (env as Record<string, string | undefined>).CRMSYNC_STATE_URL;
    delete (env as Record<string, string | undefined>).CRMSYNC_LEASE;
    await apps.close();
  }
});

test.run();
