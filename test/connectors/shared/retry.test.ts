/**
 * The shared retry loop's reports: each wait names the retry about to be made, counting the ones a
 * rate limit asked for (which do not use up attempts) like any other, so a notice never says
 * "retry 0".
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withRetry, type RetryVerdict } from '../../../src/connectors/shared/retry.js';

test('retries are numbered 1, 2, 3… whether a rate limit or a passing error asked for them', async () => {
  const verdicts: RetryVerdict[] = [{ retry: true, afterMs: 10, throttled: true }, { retry: true }, { retry: true, afterMs: 10, throttled: true }];
  const numbers: number[] = [];
  let calls = 0;
  const out = await withRetry(
    async () => {
      if (calls++ < verdicts.length) throw new Error(`refusal ${calls}`);
      return 'done';
    },
    () => verdicts[calls - 1]!,
    { attempts: 2, baseMs: 1, maxMs: 1, throttledAttempts: 5 },
    { onRetry: (n) => void numbers.push(n), sleep: async () => undefined },
  );
  assert.is(out, 'done');
  assert.equal(numbers, [1, 2, 3]);
});

test.run();
