/**
 * R22: with an inclusion filter on the HubSpot-like side (R21), a new record in the other app is
 * still created there; its later updates do not sync until it meets the filter.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

test('R22: created despite the inclusion filter, then not updated until it qualifies', async () => {
  const p = project(
    twoStores({
      seedA: '{ contacts: 0, companies: 0 }',
      seedB: '{ contacts: 1, companies: 0, from: 0 }',
      sync: `  direction: two-way
  conflict: { winner: a }
  filters:
    include:
      left:
        - { field: subscribed, op: equals, value: true }`,
    }),
  );
  await p.run('apply', '--yes');
  const created = records(p.store('a'));
  assert.is(created.length, 1, 'created in a although it is not in the list');
  const fromB = records(p.store('b'))[0]!;
  p.editStore('b', (d) => (d.objects.contacts!.records[fromB.id]!.fields.jobtitle = 'Later update'));
  await p.run('apply', '--yes');
  assert.is.not(records(p.store('a'))[0]!.fields.jobtitle, 'Later update', 'not synced while outside the list');
  p.editStore('a', (d) => (d.objects.contacts!.records[created[0]!.id]!.fields.subscribed = true));
  await p.run('apply', '--yes');
  assert.is(records(p.store('a'))[0]!.fields.jobtitle, 'Later update', 'synced once it meets the criteria');
});

test.run();
