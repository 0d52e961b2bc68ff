/**
 * The emulators' fault injection: a fault strikes before the app handles a request (nothing done),
 * or after it (the work is committed, then the answer is replaced by a 5xx or the connection is
 * dropped), or either, chosen per fault. 429s and latency always strike before.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHttpEmulator, type FaultOptions } from '../../../src/connectors/shared/emulator-http.js';

async function served(faults: FaultOptions, requests = 40) {
  let handled = 0;
  const emu = await startHttpEmulator({
    handler: () => ((handled += 1), { status: 200, body: { ok: true } }),
    faults,
    faultResponses: { rateLimit: () => ({ status: 429, body: {} }), serverError: () => ({ status: 502, body: {} }) },
  });
  const outcomes: Array<number | 'dropped'> = [];
  try {
    for (let i = 0; i < requests; i++)
      outcomes.push(
        await fetch(`${emu.url}/x`, { method: 'POST' }).then(
          (r) => r.status,
          () => 'dropped' as const,
        ),
      );
  } finally {
    await emu.close();
  }
  return { handled, outcomes, calls: emu.calls };
}

test('before: a faulted request is never handled', async () => {
  const r = await served({ rate: 1, kinds: ['server-error', 'drop'], seed: 2 });
  assert.is(r.handled, 0);
  assert.ok(r.outcomes.includes(502) && r.outcomes.includes('dropped'));
  assert.equal([r.calls.faultsBefore, r.calls.faultsAfter], [40, 0]);
});

test('after: every faulted request was handled, and its answer is a 502 or a dropped connection', async () => {
  const r = await served({ rate: 1, kinds: ['server-error', 'drop'], when: 'after', seed: 2 });
  assert.is(r.handled, 40);
  assert.ok(r.outcomes.every((o) => o === 502 || o === 'dropped'));
  assert.ok(r.outcomes.includes(502) && r.outcomes.includes('dropped'));
  assert.equal([r.calls.faultsBefore, r.calls.faultsAfter], [0, 40]);
});

test('either: some faults strike before, some after; 429s always before', async () => {
  const r = await served({ rate: 1, kinds: ['server-error'], when: 'either', seed: 3 });
  assert.ok(r.calls.faultsBefore > 5 && r.calls.faultsAfter > 5, JSON.stringify(r.calls));
  assert.is(r.handled, r.calls.faultsAfter);
  const limited = await served({ rate: 1, kinds: ['rate-limit'], when: 'after' }, 5);
  assert.equal([limited.handled, limited.outcomes], [0, [429, 429, 429, 429, 429]]);
});

test.run();
