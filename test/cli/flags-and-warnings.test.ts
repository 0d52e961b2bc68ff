/** CLI edges: duration flags that cannot be read are usage errors; plan shows configuration warnings. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { project, twoStores } from '../helpers/project.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('cli flags and warnings');

for (const command of [
  ['apply', '--yes'],
  ['import', 'contacts', '--yes'],
  ['resync-deleted', 'contacts', '--into', 'b', '--yes'],
]) {
  test(`${command[0]} --lock-timeout banana is a usage error, not "do not wait"`, async () => {
    const p = project(twoStores());
    const out = await p.run(...command, '--lock-timeout', 'banana');
    assert.is(out.code, 1);
    assert.is(out.stderr.trim().split('\n')[0], 'error[usage] --lock-timeout banana is not a duration');
    assert.not.match(out.stderr, /\n\s+at /);
    // Nothing ran: no sandbox was seeded, no state was written.
    assert.not.ok(existsSync(join(p.dir, '.crmsync')));
  });
}

test('apply --lock-timeout 2s is read as a duration', async () => {
  const p = project(twoStores());
  const out = await p.run('apply', '--yes', '--lock-timeout', '2s');
  assert.is(out.code, 0, out.stderr);
});

test('plan prints configuration warnings even when there is no error, as validate does', async () => {
  const p = project({
    'syncs/connections.yaml': sandboxes({
      salesforce: ['salesforce', { contacts: 2, companies: 0, from: 0 }],
      hubspot: ['hubspot', { contacts: 0, companies: 0 }],
    }),
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'salesforce Contact',
      'hubspot',
      `direction: one-way
from: salesforce
conflict: { winner: salesforce }
create_missing_properties: true
fields:
  - { left: Department, right: sf_department }`,
    ),
  });
  const validate = await p.run('validate');
  assert.match(validate.stdout, 'syncs/contacts.yaml:11:34 warning[unknown-field]');
  const plan = await p.run('plan', '--json');
  assert.is(plan.code, 0, plan.stderr);
  assert.match(plan.stderr, 'syncs/contacts.yaml:11:34 warning[unknown-field]');
  const out = JSON.parse(plan.stdout);
  assert.ok(
    out.plan.ops.some((o: { type: string }) => o.type === 'create-field'),
    'stdout is still the plan alone',
  );
  assert.ok(
    out.diagnostics.some((d: { code: string; line: number; col: number }) => d.code === 'unknown-field' && d.line === 11 && d.col === 34),
    'and the envelope carries the warning',
  );
});

test.run();
