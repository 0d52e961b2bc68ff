/**
 * A sync's counts are derived from the plan's ops by one pure function (countOps): associations
 * count as associations, never as updates (R27); a link to another sync's create counts as a link,
 * never as a create (R24); state-only ops count as nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countOps, withCounts } from '../../src/plan/counts.js';
import type { Op, SyncSummary } from '../../src/plan/types.js';

const source = { file: 'syncs/s.yaml', line: 1, col: 1 };
const base = { left: {}, right: {} };
const write = (sync: string, side: 'left' | 'right') => ({ sync, side, connection: side === 'left' ? 'a' : 'b', object: 'contacts', source });

const ops: Op[] = [
  { ...write('s', 'right'), id: 'c1', type: 'create', from: '1', fields: {}, base, reason: { rule: 'R3', message: 'm' } },
  { ...write('s', 'right'), id: 'c2', type: 'create', from: '2', fields: {}, base, reason: { rule: 'R3', message: 'm' } },
  { ...write('s', 'left'), id: 'u1', type: 'update', recordId: '3', link: { left: '3', right: '4' }, changes: [], base, reason: { rule: 'R10', message: 'm' } },
  { ...write('s', 'left'), id: 'd1', type: 'delete', recordId: '5', mode: 'delete', link: { left: '5', right: '6' }, reason: { rule: 'R30', message: 'm' } },
  {
    ...write('s', 'left'),
    id: 'a1',
    type: 'associate',
    toObject: 'companies',
    from: { kind: 'record', id: '3' },
    to: { kind: 'created', op: 'c9' },
    primary: true,
    reason: { rule: 'R27', message: 'm' },
  },
  { id: 'l1', type: 'link', sync: 's', link: { left: '7', right: '8' }, base, reason: { rule: 'R25', message: 'm' }, source },
  { id: 'lc', type: 'link-created', sync: 't', side: 'left', created: 'c1', existing: '9', base, reason: { rule: 'R24', message: 'm' }, source },
  { id: 'r1', type: 'rebase', sync: 's', link: { left: '3', right: '4' }, base, reason: { rule: 'R10', message: 'm' }, source },
  { id: 'f1', type: 'forget', sync: 's', link: { left: '5', right: '6' }, deleted: 'left', reason: { rule: 'R30', message: 'm' }, source },
];

test('countOps: one count per write, by side; associations apart from updates; links apart from creates', () => {
  const counted = countOps(ops);
  assert.equal(counted.get('s'), {
    counts: { left: { create: 0, update: 1, delete: 1, associate: 1 }, right: { create: 2, update: 0, delete: 0, associate: 0 } },
    link: 1,
  });
  assert.equal(counted.get('t'), {
    counts: { left: { create: 0, update: 0, delete: 0, associate: 0 }, right: { create: 0, update: 0, delete: 0, associate: 0 } },
    link: 1,
  });
});

test('withCounts: replaces whatever counts a summary held, and gives a sync without ops zeros', () => {
  const stale = { create: 9, update: 9, delete: 9, associate: 9 };
  const summary = (name: string): SyncSummary => ({
    name,
    enabled: true,
    left: { connection: 'a', object: 'contacts', read: 0, complete: true },
    right: { connection: 'b', object: 'contacts', read: 0, complete: true },
    counts: { left: stale, right: stale },
    linked: 0,
    inSync: 0,
    excluded: { left: 0, right: 0 },
    link: 5,
  });
  const [s, u] = withCounts([summary('s'), summary('u')], ops);
  assert.equal(s!.counts.right.create, 2);
  assert.is(s!.link, 1);
  assert.equal(u!.counts, { left: { create: 0, update: 0, delete: 0, associate: 0 }, right: { create: 0, update: 0, delete: 0, associate: 0 } });
  assert.is(u!.link, undefined);
});

test.run();
