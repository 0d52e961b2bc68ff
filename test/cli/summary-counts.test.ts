/**
 * The counts agree between plan, apply and status (R31): on the shipped example, the first plan's
 * creates, updates, links and associations are what apply reports; associations are never counted
 * as updates; and a record left out at plan time (a blank required field, R15) is counted as failed
 * by apply as by status.
 */
import { cpSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Plan } from '../../src/plan/types.js';
import { project } from '../helpers/project.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';

function planned(plan: Plan) {
  const sum = { create: 0, update: 0, delete: 0, associate: 0, link: 0 };
  for (const s of plan.syncs) {
    for (const side of ['left', 'right'] as const) for (const k of ['create', 'update', 'delete', 'associate'] as const) sum[k] += s.counts[side][k];
    sum.link += s.link ?? 0;
  }
  return sum;
}

function applied(stdout: string) {
  const m = /^Apply (?:complete|incomplete): (\d+) created, (\d+) updated, (\d+) deleted, (\d+) linked, (\d+) association\(s\) added, (\d+) failed/m.exec(
    stdout,
  );
  assert.ok(m, stdout.split('\n').at(-1));
  const [create, update, del, link, associate, failed] = m!.slice(1).map(Number);
  return { create: create!, update: update!, delete: del!, link: link!, associate: associate!, failed: failed! };
}

test('the example: what plan counts is what apply does, and what status shows', async () => {
  const p = project();
  cpSync(new URL('../../syncs', import.meta.url), `${p.dir}/syncs`, { recursive: true });
  const plan = JSON.parse((await p.run('plan', '--json')).stdout).plan as Plan;
  const want = planned(plan);
  assert.is(want.update, plan.ops.filter((op) => op.type === 'update').length, 'updates are field updates only');
  assert.is(want.associate, plan.ops.filter((op) => op.type === 'associate').length);
  assert.ok(want.associate > 0 && want.link > 0, JSON.stringify(want));
  const text = (await p.run('plan')).stdout;
  assert.match(text, /hubspot: \d+ to create, 0 to update, 0 to delete, \d+ association\(s\) to add/);

  const run = await p.run('apply', '--auto-approve');
  assert.is(run.code, 0, run.stdout.split('\n').at(-1));
  const got = applied(run.stdout);
  assert.equal({ create: got.create, update: got.update, delete: got.delete, associate: got.associate, link: got.link }, want);
  assert.is(got.failed, 0);

  // A HubSpot contact with no last name cannot be created in Salesforce (R15): found at plan time,
  // it is one failure in apply's count and in status's.
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.create({ properties: { email: 'no.lastname@example.com', firstname: 'Nola' } }));
  const again = await p.run('apply', '--auto-approve');
  assert.is(again.code, 3, again.stdout.split('\n').at(-1));
  const failedNow = applied(again.stdout).failed;
  assert.is(failedNow, 1);
  const status = JSON.parse((await p.run('status', '--json')).stdout).health as { syncs: Array<{ sync: string; failed: number }> };
  assert.is(
    status.syncs.reduce((n, s) => n + s.failed, 0),
    failedNow,
  );
});

test.run();
