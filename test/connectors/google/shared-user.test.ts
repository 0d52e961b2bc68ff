/**
 * Two connections to one Google user (same token) in one run share its gate: their mutations never
 * overlap (the emulator refuses one that arrives during another, Assumption: 409 ABORTED), and
 * their reads may. Counted at the emulator.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_IN_FLIGHT } from '../../../src/connectors/google/limits.js';
import { AccountGates } from '../../../src/connectors/shared/account-gate.js';
import type { WriteOp } from '../../../src/connectors/types.js';
import { inFlight } from '../../helpers/in-flight.js';
import { connectorFor, startEmulator, TOKEN } from './helpers.js';

const creates = (prefix: string, n: number): WriteOp[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'create',
    ref: `${prefix}${i}`,
    fields: { firstName: `${prefix}${i}`, email: `${prefix}${i}@shared.example.com` },
  }));

test('mutations of two connections to one user go one at a time; nothing is refused', async () => {
  const emulator = await startEmulator({ mutateLatencyMs: 30 });
  try {
    const gates = new AccountGates();
    const gate = () => gates.for(['google', emulator.url, TOKEN], MAX_IN_FLIGHT);
    const a = connectorFor(emulator, { name: 'google-a', gate: gate(), filter: { folder: 'contacts' } });
    const b = connectorFor(emulator, { name: 'google-b', gate: gate(), filter: { folder: 'contacts' } });
    const [ra, rb] = await Promise.all([a.write('contacts', creates('a', 3)), b.write('contacts', creates('b', 3))]);
    assert.ok(
      [...ra!, ...rb!].every((r) => r.ok),
      JSON.stringify([...ra!, ...rb!].filter((r) => !r.ok)),
    );
    assert.is(emulator.calls.byRoute['people.batchCreateContacts'], 2, 'two calls, none refused and resent');
  } finally {
    await emulator.close();
  }
});

test('without a shared gate the same two writes collide (the emulator refuses the overlap)', async () => {
  const emulator = await startEmulator({ mutateLatencyMs: 30 });
  try {
    const a = connectorFor(emulator, { name: 'google-a', filter: { folder: 'contacts' }, retry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    const b = connectorFor(emulator, { name: 'google-b', filter: { folder: 'contacts' }, retry: { attempts: 1, baseMs: 1, maxMs: 1 } });
    const [ra, rb] = await Promise.all([a.write('contacts', creates('a', 3)), b.write('contacts', creates('b', 3))]);
    const refused = [...ra!, ...rb!].filter((r) => !r.ok);
    assert.ok(refused.length > 0, 'one of the overlapping mutations was refused');
    assert.ok(
      refused.every((r) => !r.ok && r.error.code === 'CONCURRENT_MUTATION'),
      JSON.stringify(refused),
    );
  } finally {
    await emulator.close();
  }
});

test('reads of one user may overlap', async () => {
  const emulator = await startEmulator({ seed: { contacts: 30 } });
  try {
    const gates = new AccountGates();
    const gate = () => gates.for(['google', emulator.url, TOKEN], MAX_IN_FLIGHT);
    const a = connectorFor(emulator, { name: 'google-a', gate: gate(), filter: { folder: 'contacts' } });
    const b = connectorFor(emulator, { name: 'google-b', gate: gate(), filter: { folder: 'contacts' } });
    emulator.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 100 });
    const seen = inFlight([emulator.server]);
    const fields = ['firstName', 'email'];
    await Promise.all([a.read({ object: 'contacts', fields, mode: 'full' }), b.read({ object: 'contacts', fields, mode: 'full' })]);
    assert.ok(seen.most() >= 2 && seen.most() <= MAX_IN_FLIGHT, `${seen.most()} in flight`);
  } finally {
    await emulator.close();
  }
});

test.run();
