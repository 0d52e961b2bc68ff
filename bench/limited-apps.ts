/**
 * The rate-limited, latent apps of `npm run bench -- --limits`, in a process of their own: HubSpot
 * with a Professional portal's limits (190 calls per 10 s, search 5 per second), Salesforce with an
 * Enterprise org's daily allocation (100,000 calls) and no per-second limit (it has none), Google
 * with its per-user quotas (90 reads and 60 writes a minute) and one mutation at a time, each
 * answering every call after 50–200 ms (or the spread given). A control server on loopback reports
 * calls, 429s, the most requests (and Google mutations) in flight at once, the most HubSpot calls
 * in any 10 s window, and every call's route and times (the bench's timeline).
 * Prints one JSON line with the addresses, then serves until stdin closes.
 */
import { createServer, type Server } from 'node:http';
import { serveApps } from './apps-process.js';
import { startHubSpotEmulator } from '../src/connectors/hubspot/emulator/server.js';
import { SEARCH_PER_SECOND, TEN_SECOND_LIMITS, TEN_SECOND_WINDOW_MS } from '../src/connectors/hubspot/limits.js';
import { startSalesforceEmulator } from '../src/connectors/salesforce/emulator/server.js';
import { startGoogleEmulator } from '../src/connectors/google/emulator/server.js';

const N = Number(process.argv[2] ?? 1000);
const TOKEN = process.argv[3] ?? 'bench-token';
const [least, most] = (process.argv[4] ?? '50-200').split('-').map(Number) as [number, number];

/** Enterprise Edition's base daily allocation ("API Request Limits and Allocations"). */
const SALESFORCE_DAILY = 100_000;

const hubspot = await startHubSpotEmulator({
  tokens: [TOKEN],
  seed: { contacts: N, companies: 0, from: 0 },
  limits: { tenSecondMax: TEN_SECOND_LIMITS.professional, windowMs: TEN_SECOND_WINDOW_MS, searchPerSecond: SEARCH_PER_SECOND, daily: 650_000 },
});
const salesforce = await startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: N, companies: 0, from: N / 2 }, dailyApiLimit: SALESFORCE_DAILY });
// Google with its default per-user quotas (90 reads and 60 writes a minute, limits.ts), seeded
// like HubSpot, so a Salesforce ↔ Google sync mirrors the HubSpot ↔ Salesforce one.
const google = await startGoogleEmulator({ accessToken: TOKEN, seed: { contacts: N, from: 0, starredEvery: 0 } });
for (const app of [hubspot, salesforce, google]) app.setFaults({ rate: 1, kinds: ['latency'], latencyMs: least, latencyMaxMs: most, seed: 7 });

/**
 * Requests in flight at the server, the most seen, when each non-search HubSpot call arrived, and
 * each request's time from arrival to the end of its answer (the app's latency plus its own work,
 * which a loaded machine stretches), by route.
 */
function watch(server: Server, routeOf: (method: string, url: string) => string) {
  const seen = {
    now: 0,
    most: 0,
    mutating: 0,
    mostMutating: 0,
    tooMany: 0,
    stamps: [] as number[],
    answers: {} as Record<string, number[]>,
    timeline: [] as Array<[string, number, number]>,
  };
  server.prependListener('request', (req, res) => {
    const at = Date.now();
    seen.most = Math.max(seen.most, ++seen.now);
    if (!String(req.url).includes('/search')) seen.stamps.push(at);
    const route = routeOf(req.method ?? 'GET', String(req.url));
    // Google asks for one mutation at a time per user: the most seen at once must stay 1.
    const mutation = route.startsWith('batch ') || route === 'delete';
    if (mutation) seen.mostMutating = Math.max(seen.mostMutating, ++seen.mutating);
    res.once('close', () => {
      seen.now--;
      if (mutation) seen.mutating--;
      if (res.statusCode === 429) seen.tooMany++;
      (seen.answers[route] ??= []).push(Date.now() - at);
      seen.timeline.push([route, at, Date.now()]);
    });
  });
  return seen;
}
const hubspotRoute = (method: string, url: string) =>
  url.includes('/search')
    ? 'search'
    : url.includes('/batch/')
      ? `batch ${url.split('/batch/')[1]!.split('?')[0]}`
      : url.startsWith('/crm/v3/objects/') && method === 'GET'
        ? 'list'
        : 'other';
const salesforceRoute = (method: string, url: string) =>
  url.includes('/query') ? 'query' : url.includes('/composite/sobjects') ? `collections ${method}` : url.includes('/describe') ? 'describe' : 'other';
const googleRoute = (method: string, url: string) =>
  url.includes(':batchCreateContacts')
    ? 'batch create'
    : url.includes(':batchUpdateContacts')
      ? 'batch update'
      : url.includes(':batchDeleteContacts') || method === 'DELETE'
        ? 'delete'
        : url.includes('/connections') && method === 'GET'
          ? 'list'
          : 'other';
const watched = {
  hubspot: watch(hubspot.server, hubspotRoute),
  salesforce: watch(salesforce.server, salesforceRoute),
  google: watch(google.server, googleRoute),
};

/** The most calls in any window of `ms`, from arrival stamps. */
function peak(stamps: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < stamps.length; i++) {
    while (stamps[j]! <= stamps[i]! - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const control = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  // The driver asks seconds apart: no idle socket for it to reuse after the server dropped it.
  res.setHeader('connection', 'close');
  if (req.url === '/calls') {
    res.end(JSON.stringify({ hubspot: hubspot.calls.total, salesforce: salesforce.calls.total, google: google.calls.total }));
    return;
  }
  if (req.url === '/limits') {
    res.end(
      JSON.stringify({
        refusals: { hubspot: hubspot.rate.refusals },
        // Every 429 each app gave (HubSpot's by limit in `refusals`).
        tooMany: { hubspot: watched.hubspot.tooMany, salesforce: watched.salesforce.tooMany, google: watched.google.tooMany },
        mostInFlight: { hubspot: watched.hubspot.most, salesforce: watched.salesforce.most, google: watched.google.most },
        mostMutating: { google: watched.google.mostMutating },
        hubspotPeakPer10s: peak(watched.hubspot.stamps, TEN_SECOND_WINDOW_MS),
        answers: { hubspot: watched.hubspot.answers, salesforce: watched.salesforce.answers, google: watched.google.answers },
        timeline: { hubspot: watched.hubspot.timeline, salesforce: watched.salesforce.timeline, google: watched.google.timeline },
        salesforceUsage: salesforce.apiUsage(),
      }),
    );
    return;
  }
  if (req.url === '/reset') {
    for (const w of Object.values(watched)) Object.assign(w, { most: 0, mostMutating: 0, tooMany: 0, stamps: [], answers: {}, timeline: [] });
    for (const k of Object.keys(hubspot.rate.refusals)) delete hubspot.rate.refusals[k];
    res.end('{}');
    return;
  }
  res.statusCode = 404;
  res.end('{}');
});
await serveApps(control, { hubspot, salesforce, google });
