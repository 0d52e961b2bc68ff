/**
 * `npm run bench -- --limits [--latency 50-200] [sizes…]`: HubSpot ↔ Salesforce contacts against
 * rate-limited, latent apps (bench/limited-apps.ts: HubSpot 190 calls per 10 s and search 5 per
 * second, Salesforce's daily allocation, every call answered after 50–200 ms). For the initial sync
 * it computes the floor that the limits, page and batch sizes allow and prints wall time / floor,
 * with the 429s the apps gave, the most requests in flight and HubSpot's busiest 10 s; then the run
 * right after and a no-op run, for their calls. Writes bench/results-limits.json.
 *
 * The floor: each app's full read is a chain of pages (each page's cursor comes with the previous
 * page), so it takes its pages × the mean latency, the two apps side by side, after one call to
 * check each account; then the writes, as many at once as each app's documented concurrency
 * allows (HubSpot's client suggests 6, Salesforce 25 long-running requests), one latency per round;
 * and HubSpot's calls cannot finish before its ten-second windows let them through (190 per window
 * from an empty one).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApps } from './apps-process.js';
import { LIST_PAGE_SIZE, BATCH_SIZE, MAX_IN_FLIGHT as HUBSPOT_CONCURRENT, TEN_SECOND_LIMITS, TEN_SECOND_WINDOW_MS } from '../src/connectors/hubspot/limits.js';
import { COLLECTION_MAX_RECORDS, QUERY_PAGE_SIZE } from '../src/connectors/salesforce/limits.js';

const argv = process.argv.slice(2).filter((a) => a !== '--limits');
const latencyAt = argv.indexOf('--latency');
const latency = latencyAt >= 0 ? argv.splice(latencyAt, 2)[1]! : '50-200';
const [least, most] = latency.split('-').map(Number) as [number, number];
const meanMs = (least + (most ?? least)) / 2;
const nAt = argv.indexOf('--n');
const sizes = (nAt >= 0 ? [argv[nAt + 1]] : argv).map(Number).filter((n) => n > 0);

const TOKEN = 'bench-token';
const here = (file: string) => new URL(file, import.meta.url).pathname;
/** Salesforce's concurrent long-running requests in a production org. */
const SALESFORCE_CONCURRENT = 25;

interface Counts {
  hubspot: number;
  salesforce: number;
}
interface Limits {
  refusals: { hubspot: Record<string, number> };
  mostInFlight: Counts;
  hubspotPeakPer10s: number;
  salesforceUsage: { used: number; limit: number };
  answers: { hubspot: Record<string, number[]>; salesforce: Record<string, number[]> };
}
interface Phase {
  phase: string;
  wallMs: number;
  cpuMs: number;
  synced: number;
  calls: Counts;
  limits: Limits;
  writes: { hubspot: { create: number; update: number }; salesforce: { create: number; update: number } };
}

const sum = (xs: number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);
const mean = (xs: number[] | undefined, fallback: number) => (xs?.length ? sum(xs) / xs.length : fallback);

/**
 * The floor of an initial sync, from each call's time to answer: `nominal` takes every answer to
 * last the injected latency's mean; `measured` takes the answers as timed at the apps (latency
 * plus the apps' own work, which a loaded machine stretches): the engine cannot answer faster
 * than the apps do. Either way the engine's own time (planning, state) counts against it.
 */
function floorMs(n: number, p: Phase, measured: boolean): { ms: number; parts: Record<string, number> } {
  const hs = measured ? p.limits.answers.hubspot : {};
  const sf = measured ? p.limits.answers.salesforce : {};
  const pages = Math.ceil(n / LIST_PAGE_SIZE);
  const queries = Math.ceil(n / QUERY_PAGE_SIZE);
  // Each app's pages one after the other (each cursor comes with the page before), side by side.
  const hubspotRead = measured ? sum(hs.list) : pages * meanMs;
  const salesforceRead = measured ? sum(sf.query) + mean(sf.describe, meanMs) : (queries + 1) * meanMs;
  const read = Math.max(hubspotRead, salesforceRead);
  const sfCollections = Math.ceil(p.writes.salesforce.create / COLLECTION_MAX_RECORDS) + Math.ceil(p.writes.salesforce.update / COLLECTION_MAX_RECORDS);
  const hsBatches = Math.ceil(p.writes.hubspot.create / BATCH_SIZE) + Math.ceil(p.writes.hubspot.update / BATCH_SIZE);
  const write = Math.max(
    Math.max(1, Math.ceil(hsBatches / HUBSPOT_CONCURRENT)) * mean(hs['batch create'], meanMs),
    Math.max(1, Math.ceil(sfCollections / SALESFORCE_CONCURRENT)) * mean(sf['collections POST'], meanMs),
  );
  const accountCheck = Math.max(mean(hs.other, meanMs), mean(sf.other, meanMs));
  const chain = accountCheck + read + write;
  const windows = Math.floor(Math.max(0, p.calls.hubspot - 1) / TEN_SECOND_LIMITS.professional) * TEN_SECOND_WINDOW_MS + meanMs;
  return { ms: Math.max(chain, windows), parts: { accountCheck, read, write, hubspotWindows: windows } };
}

async function runCase(n: number) {
  const { host, urls } = await startApps(here('./limited-apps.ts'), [String(n), TOKEN, latency]);
  const dir = mkdtempSync(join(tmpdir(), 'crmsync-bench-limits-'));
  mkdirSync(join(dir, 'syncs'));
  // No rate_limit: the connections start from their defaults and learn the rest from the apps.
  writeFileSync(
    join(dir, 'syncs', 'bench.yaml'),
    `connections:
  hubspot:
    app: hubspot
    base_url: ${urls.hubspot}
    access_token: { env: BENCH_TOKEN }
    lookback: 1s
  salesforce:
    app: salesforce
    instance_url: ${urls.salesforce}
    access_token: { env: BENCH_TOKEN }
    lookback: 1s
sync:
  name: bench
  object: contacts
  left: { connection: hubspot }
  right: { connection: salesforce, object: Contact }
  direction: two-way
  conflict: { winner: salesforce }
`,
  );
  const get = async <T>(path: string) => (await fetch(`${urls.control}${path}`)).json() as Promise<T>;
  const run = async (phase: string): Promise<Phase> => {
    // Past the lookback, and past HubSpot's window, so each run starts from an empty one.
    await new Promise((r) => setTimeout(r, TEN_SECOND_WINDOW_MS + 500));
    await get('/reset');
    const before = await get<Counts>('/calls');
    const out = execFileSync(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', here('./engine.ts'), dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, BENCH_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const after = await get<Counts>('/calls');
    return {
      phase,
      ...JSON.parse(out.trim().split('\n').pop()!),
      calls: { hubspot: after.hubspot - before.hubspot, salesforce: after.salesforce - before.salesforce },
      limits: await get<Limits>('/limits'),
    };
  };
  try {
    return { N: n, phases: [await run('initial sync'), await run('after initial'), await run('no-op incremental')] };
  } finally {
    host.stdin!.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const n of sizes.length ? sizes : [10_000, 20_000]) {
  process.stderr.write(`N = ${n} (latency ${least}–${most} ms)…\n`);
  results.push(await runCase(n));
}

const rows = [
  [
    'N',
    'phase',
    'wall s',
    'floor s nominal / measured',
    'wall / floor nominal / measured',
    'engine CPU s',
    'HubSpot calls',
    'Salesforce calls',
    'calls / synced',
    '429s',
    'most in flight HS / SF',
    'HubSpot busiest 10 s',
  ],
];
const report = results.map((r) => {
  const phases = r.phases.map((p) => {
    const floor = p.phase === 'initial sync' ? floorMs(r.N, p, false) : undefined;
    const timed = p.phase === 'initial sync' ? floorMs(r.N, p, true) : undefined;
    const refused = Object.values(p.limits.refusals.hubspot).reduce((a, b) => a + b, 0);
    rows.push([
      String(r.N),
      p.phase,
      (p.wallMs / 1000).toFixed(1),
      floor && timed ? `${(floor.ms / 1000).toFixed(1)} / ${(timed.ms / 1000).toFixed(1)}` : '',
      floor && timed ? `${(p.wallMs / floor.ms).toFixed(2)} / ${(p.wallMs / timed.ms).toFixed(2)}` : '',
      (p.cpuMs / 1000).toFixed(1),
      String(p.calls.hubspot),
      String(p.calls.salesforce),
      p.synced ? ((p.calls.hubspot + p.calls.salesforce) / p.synced).toFixed(3) : '-',
      String(refused),
      `${p.limits.mostInFlight.hubspot} / ${p.limits.mostInFlight.salesforce}`,
      String(p.limits.hubspotPeakPer10s),
    ]);
    const { answers, ...limits } = p.limits;
    const answerMs = Object.fromEntries(
      Object.entries(answers).map(([app, routes]) => [
        app,
        Object.fromEntries(Object.entries(routes).map(([route, xs]) => [route, { calls: xs.length, meanMs: Math.round(mean(xs, 0)) }])),
      ]),
    );
    return {
      ...p,
      limits: { ...limits, answerMs },
      ...(floor && timed ? { floor: { nominal: floor, measured: timed }, ratio: { nominal: p.wallMs / floor.ms, measured: p.wallMs / timed.ms } } : {}),
    };
  });
  const init = r.phases[0]!;
  const minimum = {
    hubspot: Math.ceil(r.N / LIST_PAGE_SIZE) + Math.ceil(init.writes.hubspot.create / BATCH_SIZE) + Math.ceil(init.writes.hubspot.update / BATCH_SIZE),
    salesforce:
      Math.ceil(r.N / QUERY_PAGE_SIZE) +
      1 +
      Math.ceil(init.writes.salesforce.create / COLLECTION_MAX_RECORDS) +
      Math.ceil(init.writes.salesforce.update / COLLECTION_MAX_RECORDS),
  };
  return { N: r.N, latency: { least, most }, phases, minimumInitialCalls: minimum };
});
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')).join('\n')}\n\n`);
for (const r of report) {
  const init = r.phases[0]!;
  const parts = (f: { parts: Record<string, number> }) => JSON.stringify(Object.fromEntries(Object.entries(f.parts).map(([k, v]) => [k, Math.round(v)])));
  process.stdout.write(
    `N=${r.N}: initial calls HubSpot ${init.calls.hubspot} (minimum ${r.minimumInitialCalls.hubspot}), Salesforce ${init.calls.salesforce} (minimum ${r.minimumInitialCalls.salesforce}); floor parts ms, nominal ${parts(init.floor!.nominal)}, measured ${parts(init.floor!.measured)}; answer times ${JSON.stringify(init.limits.answerMs)}\n`,
  );
}
writeFileSync(new URL('./results-limits.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
