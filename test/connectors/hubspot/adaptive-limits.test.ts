/**
 * The HubSpot client starts at Professional's budget and follows the limits a 429 reports
 * (X-HubSpot-RateLimit-Max and -Interval-Milliseconds); a 429 waits HubSpot's window, not the
 * client's, without using up the retry attempts. Counted against the emulator: calls, 429s, waits.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HubSpotCalls } from '../../../src/connectors/hubspot/calls.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { limiterSlackMs } from '../../../src/connectors/hubspot/limits.js';
import { listPage } from '../../../src/connectors/hubspot/plain.js';
import { AccountGate } from '../../../src/connectors/shared/account-gate.js';
import { VirtualClock } from '../../helpers/virtual-clock.js';

const TOKEN = 'limits-token';
const page = (calls: HubSpotCalls) => calls.call('list', () => calls.sdk.crm.contacts.basicApi.getPage(1));

test('a Starter portal costs one 429, then the client keeps to the limit HubSpot reports', async () => {
  const emu = await startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: 3 }, limits: { tenSecondMax: 20, windowMs: 2000 } });
  try {
    const waits: number[] = [];
    const calls = new HubSpotCalls({ accessToken: TOKEN, baseUrl: emu.url, retryHooks: { onRetry: (_n, ms) => waits.push(ms) } }); // no rate_limit configured
    assert.is(calls.budget().max, 190, "Professional's budget to start with");
    for (let i = 0; i < 40; i++) await page(calls);
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1);
    assert.equal(waits, [2000], "the one 429 waited HubSpot's window");
    assert.equal({ max: calls.budget().max, windowMs: calls.budget().windowMs }, { max: 20, windowMs: 2000 + limiterSlackMs(2000) });
    assert.is(emu.calls.total, 41, 'every call answered, one of them twice');
  } finally {
    await emu.close();
  }
});

test("a 429 waits HubSpot's window, then the client keeps to HubSpot's stricter limit", async () => {
  const emu = await startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: 3 }, limits: { tenSecondMax: 3, windowMs: 1000 } });
  try {
    const waits: number[] = [];
    // The configured limit is looser than the account's; no retries for other errors.
    const calls = new HubSpotCalls({
      accessToken: TOKEN,
      baseUrl: emu.url,
      limiter: { max: 1000, windowMs: 60_000 },
      retry: { attempts: 1, baseMs: 1, maxMs: 10_000, throttledAttempts: 5 },
      retryHooks: { onRetry: (_n, ms) => waits.push(ms) },
    });
    // Another integration on the same token spends the window.
    for (let i = 0; i < 3; i++) await fetch(`${emu.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await page(calls);
    assert.equal(waits, [1000], "one 429, waited for HubSpot's one-second window");
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1);
    for (let i = 0; i < 6; i++) await page(calls);
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1, 'no further 429: the client now keeps to 3 per second');
    assert.is(calls.budget().max, 3);
    assert.ok(calls.budget().waits >= 2);
  } finally {
    await emu.close();
  }
});

test("a 429 holds the account's queued calls for HubSpot's window: they are not refused one by one", async () => {
  const emu = await startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: 3 }, limits: { tenSecondMax: 3, windowMs: 1000 } });
  try {
    // One request in flight at a time, so the calls queued behind the refused one are still unsent.
    const calls = new HubSpotCalls({
      accessToken: TOKEN,
      baseUrl: emu.url,
      gate: new AccountGate(1),
      retry: { attempts: 1, baseMs: 1, maxMs: 10_000, throttledAttempts: 5 },
    });
    // Another integration on the same token spends the window, unseen by the client's limiter.
    for (let i = 0; i < 3; i++) await fetch(`${emu.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await Promise.all(Array.from({ length: 6 }, () => page(calls)));
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1, 'only the first call was refused');
    assert.is(emu.calls.total, 3 + 6 + 1);
  } finally {
    await emu.close();
  }
});

/** A list page through the plain path (plain.ts), whose successful answers show HubSpot's headers. */
const plainPage = (calls: HubSpotCalls) => calls.call('list', () => listPage(calls, 'contacts', 10, undefined, ['email']));

test("a Starter portal is slowed before its first 429: a list page's headers set the budget", async () => {
  // One virtual clock for the limiter, the retries and the emulator's window (helpers/virtual-clock.ts).
  const clock = new VirtualClock();
  const emu = await startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: 3 }, limits: { tenSecondMax: 5, windowMs: 1000 }, now: clock.now });
  try {
    const calls = new HubSpotCalls({ accessToken: TOKEN, baseUrl: emu.url, clock, retryHooks: { sleep: (ms) => clock.sleep(ms) } });
    const settled = () => emu.calls.total >= calls.stats().calls;
    await clock.drive(plainPage(calls), settled);
    assert.equal({ max: calls.budget().max, windowMs: calls.budget().windowMs }, { max: 5, windowMs: 1000 + limiterSlackMs(1000) });
    const started = clock.now();
    await clock.drive(Promise.all(Array.from({ length: 20 }, () => plainPage(calls))), settled);
    assert.equal(emu.rate.refusals, {}, 'HubSpot refused nothing: the first answer set the budget');
    assert.is(emu.calls.total, 21);
    // 21 calls at 5 per 1,100 ms: the last leaves 4 windows after the first; the limiter waited
    // for the window 4 times, 4.4 s in all.
    assert.is(clock.now() - started, 4 * 1100);
    assert.equal(calls.stats().held, { calls: 4, ms: 4 * 1100 });
    assert.is(calls.stats().refused, undefined);
  } finally {
    await emu.close();
  }
});

test('what HubSpot reports never loosens a stricter rate_limit another connection of the account configured', async () => {
  const clock = new VirtualClock();
  const emu = await startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: 3 }, limits: { tenSecondMax: 5, windowMs: 1000 }, now: clock.now });
  try {
    const gate = new AccountGate(6, clock);
    const sleep = (ms: number) => clock.sleep(ms);
    // Two connections to one account: one leaves room for other integrations (2 a second), one configures nothing.
    const strict = new HubSpotCalls({ accessToken: TOKEN, baseUrl: emu.url, gate, clock, limiter: { max: 2, windowMs: 1000 }, retryHooks: { sleep } });
    const open = new HubSpotCalls({ accessToken: TOKEN, baseUrl: emu.url, gate, clock, retryHooks: { sleep } });
    const strictest = { max: 2, windowMs: 1000 + limiterSlackMs(1000) };
    assert.equal({ max: open.budget().max, windowMs: open.budget().windowMs }, strictest, 'the gate takes the stricter');
    // Another integration spends the window, so the open connection's call gets a 429 reporting 5 a second.
    for (let i = 0; i < 5; i++) await fetch(`${emu.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const before = emu.calls.total;
    const settled = () => emu.calls.total - before >= open.stats().calls + strict.stats().calls;
    await clock.drive(plainPage(open), settled);
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1);
    assert.equal({ max: strict.budget().max, windowMs: strict.budget().windowMs }, strictest, "the 429's report did not loosen it");
    assert.equal(open.stats().refused, { calls: 1, ms: 1000 }, "one 429, the account paused for HubSpot's one-second window");
    // Its retry succeeded with the same report in its headers; a burst through the open connection keeps to 2 a second.
    const started = clock.now();
    await clock.drive(Promise.all(Array.from({ length: 6 }, () => plainPage(open))), settled);
    assert.equal({ max: open.budget().max, windowMs: open.budget().windowMs }, strictest, "a success's report did not loosen it");
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1);
    // The retry and the burst's first left in the window after the pause; then 2 per 1,100 ms.
    assert.is(clock.now() - started, 3 * 1100);
  } finally {
    await emu.close();
  }
});

test.run();
