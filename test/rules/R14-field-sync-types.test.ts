/** R14: per-field sync types override the app-level rule. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { project, records, twoStores } from '../helpers/project.js';

const SYNC = `  direction: two-way
  conflict: { winner: a }
  fields:
    - { left: city, right: city, sync: always, prefer: b }
    - { left: jobtitle, right: jobtitle, sync: two-way }
    - { left: company, right: company, sync: none }`;

test('always, two-way (most recent wins) and none, end to end', async () => {
  const p = project(twoStores({ sync: SYNC }));
  await p.run('apply', '--yes');
  const email = records(p.store('a'))[3]!.fields.email;
  const idA = records(p.store('a')).find((r) => r.fields.email === email)!.id;
  const idB = records(p.store('b')).find((r) => r.fields.email === email)!.id;
  p.editStore('a', (d) =>
    Object.assign(d.objects.contacts!.records[idA]!, {
      modifiedAt: '2030-01-01T00:00:00.000Z',
      fields: { ...d.objects.contacts!.records[idA]!.fields, city: 'A', jobtitle: 'Older', company: 'A Co' },
    }),
  );
  p.editStore('b', (d) =>
    Object.assign(d.objects.contacts!.records[idB]!, {
      modifiedAt: '2030-01-01T00:01:00.000Z',
      fields: { ...d.objects.contacts!.records[idB]!.fields, city: null, jobtitle: 'Newer' },
    }),
  );
  await p.run('apply', '--yes');
  const a = records(p.store('a')).find((r) => r.id === idA)!;
  const b = records(p.store('b')).find((r) => r.id === idB)!;
  assert.is(a.fields.city, null, "always b: b's blank wins");
  assert.is(a.fields.jobtitle, 'Newer', 'two-way: the most recent change wins');
  assert.is(b.fields.jobtitle, 'Newer');
  assert.is(a.fields.company, 'A Co');
  assert.is.not(b.fields.company, 'A Co', 'none: not synced');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
