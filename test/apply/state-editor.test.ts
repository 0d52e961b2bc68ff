/**
 * Applying outcomes to the state never scans it: every edit of a link or a failure finds its item
 * through an index. Guarded by counting how many array elements each edit reads (not by timing).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { StateEditor } from '../../src/apply/state-ops.js';
import { newState } from '../../src/state/store.js';
import type { FailureState, LinkState } from '../../src/state/types.js';

const N = 20_000;
const now = () => '2026-01-01T00:00:00.000Z';
const error = { code: 'X', category: 'property-value' as const, retryable: false, message: 'refused' };

/** The array, behind a proxy that counts reads of its elements. */
function counted<T>(items: T[]): { items: T[]; reads: () => number; reset: () => void } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { items: proxy, reads: () => reads, reset: () => void (reads = 0) };
}

function fixture() {
  const state = newState();
  const links = counted<LinkState>(Array.from({ length: N }, (_, i) => ({ left: `L${i}`, right: `R${i}`, base: { left: {}, right: {} }, at: now() })));
  const failures = counted<FailureState>(
    Array.from({ length: N }, (_, i) => ({
      side: 'left' as const,
      id: `F${i}`,
      category: 'property-value' as const,
      code: 'X',
      message: 'm',
      attempts: 1,
      firstAt: now(),
      lastAt: now(),
    })),
  );
  state.syncs.s = { links: links.items, failures: failures.items, cursors: {} };
  const editor = new StateEditor(state, now);
  editor.link('s', { left: 'L0', right: 'R0' }); // builds the indexes once
  editor.clearFailure('s', 'left', 'none');
  links.reset(), failures.reset();
  return { state, editor, links, failures };
}

test('deleting links reads a bounded number of elements per delete, and keeps the rest findable', () => {
  const { state, editor, links } = fixture();
  for (let i = 0; i < N; i += 2) editor.markDeleted('s', { left: `L${i}`, right: `R${i}` }, 'both');
  assert.ok(links.reads() <= 2 * (N / 2), `${links.reads()} element reads for ${N / 2} deletes`);
  assert.is(state.syncs.s!.links.length, N / 2);
  for (let i = 1; i < N; i += 2) assert.is(editor.link('s', { left: `L${i}`, right: `R${i}` })?.right, `R${i}`);
  assert.is(editor.link('s', { left: 'L2', right: 'R2' }), undefined);
});

test('failing, failing again and clearing failures read a bounded number of elements each', () => {
  const { state, editor, failures } = fixture();
  for (let i = 0; i < N; i++) editor.fail('s', 'left', `F${i}`, error); // all existing: attempts 2
  for (let i = 0; i < 1000; i++) editor.fail('s', 'right', `G${i}`, error); // new
  for (let i = 0; i < N; i += 2) editor.clearFailure('s', 'left', `F${i}`);
  assert.ok(failures.reads() <= 3 * N, `${failures.reads()} element reads for ${2.5 * N} edits`);
  const left = state.syncs.s!.failures.filter((f) => f.side === 'left');
  assert.is(left.length, N / 2);
  assert.ok(left.every((f) => f.attempts === 2 && Number(f.id.slice(1)) % 2 === 1));
  assert.is(state.syncs.s!.failures.length, N / 2 + 1000);
});

test('a relinked link is found under its new key only', () => {
  const { editor, links } = fixture();
  assert.ok(editor.relink('s', { left: 'L5', right: 'R5' }, 'right', 'R5b'));
  assert.is(editor.link('s', { left: 'L5', right: 'R5' }), undefined);
  assert.is(editor.link('s', { left: 'L5', right: 'R5b' })?.left, 'L5');
  editor.markDeleted('s', { left: 'L5', right: 'R5b' }, 'both');
  assert.is(editor.link('s', { left: 'L5', right: 'R5b' }), undefined);
  assert.ok(links.reads() < 10);
});

test.run();
