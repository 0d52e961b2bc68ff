/** `apply` prints each sync's summary for a large plan, and every record with --verbose. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DETAIL_LIMIT } from '../../src/cli/render-plan.js';
import { project, records, twoStores } from '../helpers/project.js';

const large = () => project(twoStores({ seedA: '{ contacts: 400, companies: 0, from: 0 }', seedB: '{ contacts: 400, companies: 0, from: 200 }' }));

test(`a plan of more than ${DETAIL_LIMIT} operations is summarised, then applied in full`, async () => {
  const p = large();
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.not.match(applied.stdout, 'new record (from');
  assert.match(applied.stdout, 'a: 200 to create, 0 to update, 0 to delete');
  assert.match(applied.stdout, '--verbose');
  assert.match(applied.stdout, 'Apply complete: 400 created');
  assert.is(records(p.store('a')).length, 600);
});

test('--verbose lists every record of a large plan', async () => {
  const p = large();
  const applied = await p.run('apply', '--yes', '--verbose');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(applied.stdout.split('new record (from').length - 1, 400);
});

test('a small plan is listed record by record', async () => {
  const p = project(twoStores());
  const applied = await p.run('apply', '--yes');
  assert.is(applied.stdout.split('new record (from').length - 1, 6);
});

test.run();
