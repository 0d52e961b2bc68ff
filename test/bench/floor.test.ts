/**
 * The floor of `npm run bench -- --limits` (bench/floor.ts): counted calls, chains of pages,
 * concurrency and rolling windows, on round numbers whose answer is known.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { floorOf, type FloorApp } from '../../bench/floor.js';

const app = (over: Partial<FloorApp>): FloorApp => ({
  name: 'a',
  readCalls: 0,
  writeCalls: 0,
  concurrency: 1,
  readMs: 100,
  writeMs: 100,
  windows: [],
  ...over,
});

test('a read chain: the account check and every page one after the other', () => {
  const f = floorOf([app({ readCalls: 9 })]);
  assert.is(f.ms, 1000);
  assert.is(f.parts.a!.calls, 10);
});

test('writes wait for the slower app read, then run as many at once as allowed', () => {
  const f = floorOf([app({ name: 'slow', readCalls: 19 }), app({ name: 'fast', readCalls: 1, writeCalls: 10, concurrency: 4 })]);
  assert.is(f.parts.fast!.writeStart, 2000);
  // 10 writes, 4 at once: three rounds.
  assert.is(f.parts.fast!.writeEnd, 2300);
  assert.is(f.ms, 2300);
});

test('one at a time (Google mutations): one answer per write', () => {
  assert.is(floorOf([app({ writeCalls: 25 })]).ms, 100 + 2500);
});

test('a rolling window counts the reads: the write past its max waits for the oldest call to leave', () => {
  // 5 calls (check + 4 pages) then 6 writes at once, 8 calls per 10 s: the 9th call waits until
  // the first leaves the window (t = 10 s), the 10th and 11th for the next ones.
  const f = floorOf([app({ readCalls: 4, writeCalls: 6, concurrency: 6, windows: [{ max: 8, ms: 10_000, reads: true }] })]);
  assert.is(f.ms, 10_300);
  // A window that counts writes only lets all six through at once.
  assert.is(floorOf([app({ readCalls: 4, writeCalls: 6, concurrency: 6, windows: [{ max: 8, ms: 10_000, reads: false }] })]).ms, 600);
});

test.run();
