/**
 * The shipped example on the built-in sandboxes: after the first apply, the second changes nothing
 * but what the first run made possible. People 40-59 are in Google and Salesforce only: one
 * contacts sync creates them in HubSpot and the other links to the records it creates (R24); the
 * second run must not rewrite them in Salesforce (the winner of its sync) as if Salesforce were
 * blank. People 60-69, created in HubSpot from Salesforce, reach Google now, and that is all.
 */
import { cpSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/plan/types.js';
import { project } from '../helpers/project.js';

test('the sandbox second apply: only the creates the first run made possible, no updates', async () => {
  const p = project();
  cpSync(new URL('../../syncs', import.meta.url), `${p.dir}/syncs`, { recursive: true });
  const first = await p.run('apply', '--auto-approve');
  assert.is(first.code, 0, first.stderr);
  const planned = await p.run('plan', '--json');
  const plan = JSON.parse(planned.stdout).plan as Plan;
  const writes = plan.ops.filter((op) => op.type === 'update' || op.type === 'delete');
  assert.equal(
    writes.map((op) => op.id),
    [],
    'no record is rewritten',
  );
  const creates = plan.ops.filter((op) => op.type === 'create');
  assert.is(creates.length, 10);
  assert.ok(creates.every((op) => op.type === 'create' && op.sync === 'hubspot-google-contacts' && op.connection === 'google'));
  const second = await p.run('apply', '--auto-approve');
  assert.is(second.code, 0, second.stderr);
  assert.match(second.stdout, '10 created, 0 updated, 0 deleted');
  const third = await p.run('plan', '--detailed-exitcode');
  assert.is(third.code, 0, third.stdout);
});

test.run();
