/**
 * Exit codes and last lines of real CLI processes (README, Exit codes): 0 done, 1 error, 2 changes
 * (plan --detailed-exitcode), 3 incomplete. "No changes. Both apps match." and "Apply complete"
 * only when both apps were read completely; an outage never leaves a scheduled job green.
 */
import { createServer } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { project } from '../helpers/project.js';
import { runCli, startApps } from '../chaos/helpers.js';
import { syncFile } from '../helpers/fixtures.js';

const lastLine = (out: string) => out.trim().split('\n').at(-1)!;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('both apps unreachable: plan --detailed-exitcode and apply exit 3 and say the reads were incomplete', async () => {
  const [hs, g] = [await closedPort(), await closedPort()];
  const p = project({
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: http://127.0.0.1:${hs}
    access_token: { env: CHAOS_HUBSPOT_TOKEN }
  google:
    app: google
    root_url: http://127.0.0.1:${g}/
    access_token: { env: CHAOS_GOOGLE_TOKEN }
`,
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'hubspot',
      'google',
      `direction: two-way
conflict: { winner: hubspot }`,
    ),
  });
  const plan = await runCli(p.dir, ['plan', '--detailed-exitcode']);
  assert.is(plan.code, 3, plan.out);
  assert.match(lastLine(plan.out), /^Incomplete: could not reach hubspot \(network: ECONNREFUSED\)/);
  assert.not.match(plan.out, 'Both apps match');
  const apply = await runCli(p.dir, ['apply', '--auto-approve']);
  assert.is(apply.code, 3, apply.out);
  assert.match(lastLine(apply.out), /^Incomplete: could not reach hubspot \(network: ECONNREFUSED\); nothing was read or written/);
  assert.not.match(apply.out, 'Apply complete');
});

test('exit 2 for changes, 0 once applied and both apps match; 3 while HubSpot reads fail with 500s; 1 for a usage error', async () => {
  const apps = await startApps({ hubspot: 30, google: 30, from: 15 });
  try {
    const first = await runCli(apps.p.dir, ['plan', '--detailed-exitcode']);
    assert.is(first.code, 2, first.out);
    assert.match(lastLine(first.out), /^Plan: \d+ change\(s\)\.$/);
    const applied = await runCli(apps.p.dir, ['apply', '--auto-approve']);
    assert.is(applied.code, 0, applied.out);
    assert.match(lastLine(applied.out), /^Apply complete: 30 created, 0 updated, 0 deleted, 15 linked, 0 association\(s\) added, 0 failed\.$/);
    const clean = await runCli(apps.p.dir, ['plan', '--detailed-exitcode']);
    assert.is(clean.code, 0, clean.out);
    assert.is(lastLine(clean.out), 'No changes. Both apps match.');

    // Every HubSpot read answers 500: the plan may not say the apps match.
    apps.hubspot.setFaults({ rate: 1, kinds: ['server-error'], methods: ['GET', 'POST'] });
    const failing = await runCli(apps.p.dir, ['plan', '--detailed-exitcode']);
    assert.is(failing.code, 3, failing.out);
    assert.match(lastLine(failing.out), /^Incomplete: could not reach hubspot \(server-error: [A-Z_0-9]+\)/);
    const partial = await runCli(apps.p.dir, ['apply', '--auto-approve']);
    assert.is(partial.code, 3, partial.out);
    assert.match(lastLine(partial.out), /^Incomplete: could not reach hubspot/);
    apps.hubspot.setFaults(null);
    assert.is((await runCli(apps.p.dir, ['plan', '--detailed-exitcode'])).code, 0);

    const usage = await runCli(apps.p.dir, ['plan', '--no-such-option']);
    assert.is(usage.code, 1, usage.out);
  } finally {
    await apps.close();
  }
});

test('--help documents the exit codes', async () => {
  const help = await runCli(process.cwd(), ['--help']);
  assert.is(help.code, 0);
  for (const line of [/^\s+0\s+done/m, /^\s+1\s+error/m, /^\s+2\s+plan --detailed-exitcode/m, /^\s+3\s+incomplete/m]) assert.match(help.out, line);
});

test.run();
