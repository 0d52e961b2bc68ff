/**
 * Two syncs whose connections reach the same HubSpot account (same address, same token) are read
 * at once, under one limiter and one in-flight cap for that account: the emulator refuses nothing
 * although each connection alone is allowed the whole budget, and sees more than one request in
 * flight but never more than the cap. Counted at the emulator, not timed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { MAX_IN_FLIGHT } from '../../../src/connectors/hubspot/limits.js';
import { AccountGate } from '../../../src/connectors/shared/account-gate.js';
import { inFlight } from '../../helpers/in-flight.js';
import { project } from '../../helpers/project.js';

const TOKEN = 'gate-token';

test('two syncs on one HubSpot account share its budget: 0 refusals, overlapping reads, at most the cap in flight', async () => {
  // 6 calls a second for the account; each connection is configured with 6 per 1.5 s, so either
  // alone stays within the account's budget and the two together, unshared, would not. The half
  // second the account's budget has over the shared limiter's is room for load on this machine:
  // HubSpot counts a call when it arrives, the limiter when it leaves, and a busy event loop can
  // delay one window's arrivals into the next (the limiter's own slack is 100 ms).
  const hubspot = await startHubSpotEmulator({
    tokens: [TOKEN],
    seed: { contacts: 500, companies: 500, from: 0 },
    limits: { tenSecondMax: 6, windowMs: 1000, searchPerSecond: 1000, daily: 1e9 },
  });
  process.env.GATE_HUBSPOT_TOKEN = TOKEN;
  try {
    const connection = (name: string) => `  ${name}:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: GATE_HUBSPOT_TOKEN }
    rate_limit: { max: 6, window: 1500ms }
`;
    const p = project({
      'syncs/connections.yaml': `connections:
${connection('hubspot_people')}${connection('hubspot_firms')}  crm:
    app: local
    sandbox:
      seed: { contacts: 0, companies: 0, from: 0 }
`,
      'syncs/people.yaml': `sync:
  name: people
  object: contacts
  left: { connection: hubspot_people }
  right: { connection: crm }
  direction: one-way
  from: hubspot_people
`,
      'syncs/firms.yaml': `sync:
  name: firms
  object: companies
  left: { connection: hubspot_firms }
  right: { connection: crm }
  direction: one-way
  from: hubspot_firms
`,
    });
    hubspot.setFaults({ rate: 1, kinds: ['latency'], latencyMs: 100 });
    const seen = inFlight([hubspot.server]);
    const before = hubspot.calls.total;
    const plan = await p.run('plan');
    assert.is(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, 'Plan: 1000 change(s)');
    // 5 pages of each object, and each connection's account check.
    assert.ok(hubspot.calls.total - before >= 12, `${hubspot.calls.total - before} calls`);
    assert.equal(hubspot.rate.refusals, {}, 'HubSpot refused nothing');
    assert.ok(seen.most() >= 2, `the two syncs' reads overlapped (at most ${seen.most()} in flight)`);
    assert.ok(seen.most() <= MAX_IN_FLIGHT, `${seen.most()} in flight`);
  } finally {
    delete process.env.GATE_HUBSPOT_TOKEN;
    await hubspot.close();
  }
});

test('a gate lets at most its cap run at once and hands slots on in order', async () => {
  const gate = new AccountGate(3);
  let now = 0;
  let most = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      gate.slot(async () => {
        most = Math.max(most, ++now);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        now--;
      }),
    ),
  );
  assert.is(most, 3);
  assert.is(gate.mostInFlight, 3);
  assert.equal(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.is(gate.inFlight, 0);
});

test('two connections configuring different limits for one account get the stricter', () => {
  const gate = new AccountGate(4);
  const a = gate.limiter('ten-second', { max: 190, windowMs: 10_000 });
  const b = gate.limiter('ten-second', { max: 50, windowMs: 10_000 });
  assert.is(a, b);
  assert.equal(a.limit, { max: 50, windowMs: 10_000 });
  gate.limiter('ten-second', { max: 250, windowMs: 10_000 });
  assert.equal(a.limit, { max: 50, windowMs: 10_000 });
});

test('what the app reports moves the limit up or down, never looser than the strictest configured one', () => {
  const gate = new AccountGate(4);
  // One connection uses the default budget, another configures 50 per ten seconds.
  const limiter = gate.limiter('ten-second', { max: 190, windowMs: 10_000 });
  gate.limiter('ten-second', { max: 50, windowMs: 10_000 }, true);
  assert.equal(gate.adjust('ten-second', { max: 100, windowMs: 10_000 }), { max: 50, windowMs: 10_000 }, 'a looser report is held to the configured 50');
  assert.equal(gate.adjust('ten-second', { max: 20, windowMs: 10_000 }), { max: 20, windowMs: 10_000 }, 'a stricter report is followed');
  assert.equal(gate.adjust('ten-second', { max: 250, windowMs: 10_000 }), { max: 50, windowMs: 10_000 }, 'and back up, to the ceiling only');
  assert.equal(limiter.limit, { max: 50, windowMs: 10_000 });
  // With nothing configured, the report is followed both ways.
  const open = new AccountGate(4);
  open.limiter('search', { max: 5, windowMs: 1000 });
  assert.equal(open.adjust('search', { max: 9, windowMs: 1000 }), { max: 9, windowMs: 1000 });
});

test('mutations of one user wait for each other across callers; other calls do not wait', async () => {
  const gate = new AccountGate(4);
  let running = 0;
  let most = 0;
  const mutation = () =>
    gate.inTurn('mutations', async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
  await Promise.all([mutation(), mutation(), mutation()]);
  assert.is(most, 1);
});

test("the next mutation starts as soon as the last has ended, before the last one's caller takes in its answer", async () => {
  const gate = new AccountGate(4);
  const order: string[] = [];
  const first = gate
    .inTurn('mutations', async () => {
      order.push('first sent');
      await new Promise((r) => setTimeout(r, 5));
      order.push('first answered');
    })
    .then(() => order.push('first taken in'));
  const second = gate.inTurn('mutations', async () => {
    order.push('second sent');
  });
  await Promise.all([first, second]);
  assert.equal(order, ['first sent', 'first answered', 'second sent', 'first taken in']);
});

test('a mutation that fails passes the turn on too', async () => {
  const gate = new AccountGate(4);
  const failed = gate.inTurn('mutations', async () => {
    throw new Error('refused');
  });
  assert.is(await failed.catch((e: Error) => e.message), 'refused');
  assert.is(await gate.inTurn('mutations', async () => 'next'), 'next');
});

test.run();
