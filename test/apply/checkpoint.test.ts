/** Checkpoints of a long apply: every 5 s, but at most a tenth of the time goes to writing the state. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkpointDue } from '../../src/pipeline.js';

test('a small state is saved every 5 s', () => {
  assert.not.ok(checkpointDue(4999, 20));
  assert.ok(checkpointDue(5000, 20));
});

test('a state that takes 3 s to write is saved every 30 s, not every 5 s', () => {
  assert.not.ok(checkpointDue(5000, 3000));
  assert.not.ok(checkpointDue(29_999, 3000));
  assert.ok(checkpointDue(30_000, 3000));
});

test.run();
