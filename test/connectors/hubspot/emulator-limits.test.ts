/** The emulator's rate limits: rolling ten-second window, search per second, daily; headers; injected faults. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startHubSpotEmulator, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../../src/connectors/hubspot/emulator/server.js';
import { failure, sdkFor } from './helpers.js';

const test = suite('hubspot emulator: rate limits');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withEmulator(options: HubSpotEmulatorOptions, run: (emu: HubSpotEmulator) => Promise<void>): Promise<void> {
  const emu = await startHubSpotEmulator(options);
  try {
    await run(emu);
  } finally {
    await emu.close();
  }
}

test('every answer carries the X-HubSpot-RateLimit headers, errors included', () =>
  withEmulator({ limits: { tenSecondMax: 50, daily: 1000 } }, async (emu) => {
    const hs = sdkFor(emu);
    const first = await hs.crm.contacts.basicApi.getPageWithHttpInfo();
    assert.is(first.headers['x-hubspot-ratelimit-max'], '50');
    assert.is(first.headers['x-hubspot-ratelimit-remaining'], '49');
    assert.is(first.headers['x-hubspot-ratelimit-interval-milliseconds'], '10000');
    assert.is(first.headers['x-hubspot-ratelimit-daily'], '1000');
    assert.is(first.headers['x-hubspot-ratelimit-daily-remaining'], '999');
    const search = await hs.crm.contacts.searchApi.doSearchWithHttpInfo({ filterGroups: [] });
    assert.is(search.headers['x-hubspot-ratelimit-daily-remaining'], '998');
    const bad = await failure(hs.crm.contacts.basicApi.getById('404404'));
    assert.is(bad.code, 404);
    // The search spent the search budget, so this is the second call in the ten-second window.
    assert.is(bad.headers['x-hubspot-ratelimit-remaining'], '48');
  }));

test('the rolling window refuses with TEN_SECONDLY_ROLLING, then lets calls through once it rolls', () =>
  withEmulator({ limits: { tenSecondMax: 3, windowMs: 300 } }, async (emu) => {
    const hs = sdkFor(emu);
    for (let i = 0; i < 3; i++) await hs.crm.contacts.basicApi.getPage();
    const refused = await failure(hs.crm.contacts.basicApi.getPage());
    assert.is(refused.code, 429);
    assert.is(refused.body.policyName, 'TEN_SECONDLY_ROLLING');
    assert.is(refused.body.errorType, 'RATE_LIMIT');
    assert.is(refused.body.message, 'You have reached your ten_secondly_rolling limit.');
    assert.is(refused.headers['x-hubspot-ratelimit-remaining'], '0');
    assert.is(emu.rate.refusals.TEN_SECONDLY_ROLLING, 1);
    await sleep(320);
    await hs.crm.contacts.basicApi.getPage();
  }));

test('each token has its own window', () =>
  withEmulator({ tokens: ['pat-a', 'pat-b'], limits: { tenSecondMax: 1 } }, async (emu) => {
    await sdkFor(emu, 'pat-a').crm.contacts.basicApi.getPage();
    await sdkFor(emu, 'pat-b').crm.contacts.basicApi.getPage();
    assert.is((await failure(sdkFor(emu, 'pat-a').crm.contacts.basicApi.getPage())).code, 429);
  }));

test('search has a per-second limit with the "secondly" message the SDK knows', () =>
  withEmulator({ limits: { searchPerSecond: 2, searchWindowMs: 300 } }, async (emu) => {
    const hs = sdkFor(emu);
    await hs.crm.contacts.searchApi.doSearch({ filterGroups: [] });
    await hs.crm.contacts.searchApi.doSearch({ filterGroups: [] });
    const refused = await failure(hs.crm.contacts.searchApi.doSearch({ filterGroups: [] }));
    assert.is(refused.code, 429);
    assert.is(refused.body.message, 'You have reached your secondly limit.');
    // Search spends its own budget, not the ten-second one.
    await hs.crm.contacts.basicApi.getPage();
  }));

test('the daily limit refuses with policyName DAILY', () =>
  withEmulator({ limits: { daily: 2 } }, async (emu) => {
    const hs = sdkFor(emu);
    await hs.crm.contacts.basicApi.getPage();
    await hs.crm.contacts.searchApi.doSearch({ filterGroups: [] });
    const refused = await failure(hs.crm.contacts.basicApi.getPage());
    assert.is(refused.code, 429);
    assert.is(refused.body.policyName, 'DAILY');
    assert.is(refused.body.message, 'You have reached your daily limit.');
    assert.is(refused.headers['x-hubspot-ratelimit-daily-remaining'], '0');
  }));

test('limits can change on a running instance', () =>
  withEmulator({ limits: { tenSecondMax: 1 } }, async (emu) => {
    const hs = sdkFor(emu);
    await hs.crm.contacts.basicApi.getPage();
    emu.setLimits({ tenSecondMax: 5 });
    await hs.crm.contacts.basicApi.getPage();
  }));

test('injected faults answer as HubSpot does: TEN_SECONDLY 429 and JSON 5xx', () =>
  withEmulator({}, async (emu) => {
    const hs = sdkFor(emu);
    emu.setFaults({ rate: 1, kinds: ['rate-limit'] });
    const limited = await failure(hs.crm.contacts.basicApi.getPage());
    assert.is(limited.code, 429);
    assert.is(limited.body.policyName, 'TEN_SECONDLY_ROLLING');
    emu.setFaults({ rate: 1, kinds: ['server-error'] });
    const broken = await failure(hs.crm.contacts.basicApi.getPage());
    assert.ok(broken.code >= 500);
    assert.is(broken.body.message, 'internal error');
    emu.setFaults(null);
    await hs.crm.contacts.basicApi.getPage();
    assert.is(emu.calls.faults, 2);
  }));

test.run();
