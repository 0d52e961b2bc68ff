/**
 * `npm run bench -- --limits [--latency 50-200] [--initial] [--no-google | --google] [sizes…]`: contacts
 * against rate-limited, latent apps (bench/limited-apps.ts: HubSpot 190 calls per 10 s and search 5
 * per second, Salesforce's daily allocation, Google's per-minute quotas and one mutation at a time,
 * every call answered after 50–200 ms). Two cases per size: HubSpot ↔ Salesforce, and Google ↔
 * Salesforce while the sync leaves Google within its 25,000 contacts (R32). For the initial sync it
 * prints wall time / floor (bench/floor.ts, with the floor's parts), per app and overall, the
 * calls each app took against the fewest it needs, every 429, the most requests in flight, the
 * load average, and a timeline of each app's calls (when each kind of call ran, and when the app
 * sat idle). Then the run right after and a no-op run (unless --initial), for their calls. Writes
 * bench/results-limits.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApps } from './apps-process.js';
import { floorOf, type Floor, type FloorApp } from './floor.js';
import { timelineOf, type AppTimeline, type Call } from './timeline.js';
import { LIST_PAGE_SIZE, BATCH_SIZE, MAX_IN_FLIGHT as HUBSPOT_CONCURRENT, TEN_SECOND_LIMITS, TEN_SECOND_WINDOW_MS } from '../src/connectors/hubspot/limits.js';
import { COLLECTION_MAX_RECORDS, QUERY_PAGE_SIZE } from '../src/connectors/salesforce/limits.js';
import { GOOGLE_LIMITS } from '../src/connectors/google/limits.js';

const argv = process.argv.slice(2).filter((a) => a !== '--limits');
const take = (flag: string) => (argv.includes(flag) ? (argv.splice(argv.indexOf(flag), 1), true) : false);
const latencyAt = argv.indexOf('--latency');
const latency = latencyAt >= 0 ? argv.splice(latencyAt, 2)[1]! : '50-200';
const [least, most] = latency.split('-').map(Number) as [number, number];
const meanMs = (least + (most ?? least)) / 2;
const initialOnly = take('--initial');
const noGoogle = take('--no-google');
const googleOnly = take('--google');
const nAt = argv.indexOf('--n');
const sizes = (nAt >= 0 ? [argv[nAt + 1]] : argv).map(Number).filter((n) => n > 0);

const TOKEN = 'bench-token';
const here = (file: string) => new URL(file, import.meta.url).pathname;
/** Salesforce's concurrent long-running requests in a production org. */
const SALESFORCE_CONCURRENT = 25;

type App = 'hubspot' | 'salesforce' | 'google';
type Case = 'hubspot' | 'google';
type PerApp<T> = Partial<Record<App, T>>;
interface Limits {
  refusals: { hubspot: Record<string, number> };
  tooMany: Record<App, number>;
  mostInFlight: Record<App, number>;
  mostMutating: { google: number };
  hubspotPeakPer10s: number;
  salesforceUsage: { used: number; limit: number };
  answers: Record<App, Record<string, number[]>>;
  timeline: Record<App, Call[]>;
}
interface Phase {
  phase: string;
  wallMs: number;
  startedAt: number;
  cpuMs: number;
  planCpuMs: number;
  /** When the plan was ready, ms from the engine's start. */
  planWallMs: number;
  synced: number;
  calls: Record<App, number>;
  load: { before: number; after: number };
  limits: Limits;
  timeline: PerApp<AppTimeline> & { engineOnly: AppTimeline };
  /** The engine names them by app; in the Google case its `hubspot` side is Google's. */
  writes: { hubspot: { create: number; update: number }; salesforce: { create: number; update: number } };
}

const sum = (xs: number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);
const mean = (xs: number[] | undefined, fallback: number) => (xs?.length ? sum(xs) / xs.length : fallback);
const pick = (routes: Record<string, number[]> | undefined, match: (route: string) => boolean) =>
  Object.entries(routes ?? {}).flatMap(([route, xs]) => (match(route) ? xs : []));

/** The apps of a case, the left one first. */
const appsOf = (c: Case): [App, App] => (c === 'hubspot' ? ['hubspot', 'salesforce'] : ['google', 'salesforce']);

/** The fewest calls each app needs for an initial sync of `n` records a side, with the writes the plan made. */
function minimumOf(c: Case, n: number, p: Phase): Record<string, { read: number; write: number }> {
  const [left] = appsOf(c);
  const batches = (w: { create: number; update: number }, size: number) => Math.ceil(w.create / size) + Math.ceil(w.update / size);
  const leftRead = left === 'hubspot' ? Math.ceil(n / LIST_PAGE_SIZE) : Math.ceil(n / GOOGLE_LIMITS.pageSize);
  const leftBatch = left === 'hubspot' ? BATCH_SIZE : GOOGLE_LIMITS.batchCreate;
  return {
    [left]: { read: leftRead, write: batches(p.writes.hubspot, leftBatch) },
    // A describe (the fields to read), then the query's pages.
    salesforce: { read: 1 + Math.ceil(n / QUERY_PAGE_SIZE), write: batches(p.writes.salesforce, COLLECTION_MAX_RECORDS) },
  };
}

/**
 * The floor (bench/floor.ts): `nominal` takes every answer to last the injected latency's mean;
 * `measured` takes the answers as timed at the apps (latency plus the apps' own work, which a
 * loaded machine stretches): the engine cannot answer faster than the apps do.
 */
function floorFor(c: Case, n: number, p: Phase, measured: boolean): Floor {
  const min = minimumOf(c, n, p);
  const answer = (app: App, reads: boolean) => {
    if (!measured) return meanMs;
    const routes = p.limits.answers[app];
    const isWrite = (r: string) => r.startsWith('batch') || r.startsWith('collections') || r === 'delete';
    return mean(
      pick(routes, (r) => (reads ? !isWrite(r) : isWrite(r))),
      meanMs,
    );
  };
  const apps: FloorApp[] = appsOf(c).map((app) => ({
    name: app,
    readCalls: min[app]!.read,
    writeCalls: min[app]!.write,
    readMs: answer(app, true),
    writeMs: answer(app, false),
    // HubSpot documents no concurrency limit (its client suggests 6); Salesforce allows 25 long
    // requests at once; Google asks for one mutation at a time per user.
    concurrency: app === 'hubspot' ? HUBSPOT_CONCURRENT : app === 'salesforce' ? SALESFORCE_CONCURRENT : 1,
    windows:
      app === 'hubspot'
        ? [{ max: TEN_SECOND_LIMITS.professional, ms: TEN_SECOND_WINDOW_MS, reads: true }]
        : app === 'google'
          ? [
              // Mutations read the person back, so they count as reads too [C].
              { max: GOOGLE_LIMITS.readsPerMinute, ms: GOOGLE_LIMITS.quotaWindowMs, reads: true },
              { max: GOOGLE_LIMITS.writesPerMinute, ms: GOOGLE_LIMITS.quotaWindowMs, reads: false },
            ]
          : [],
  }));
  return floorOf(apps);
}

function configOf(c: Case, urls: Record<string, string | undefined>): string {
  const left =
    c === 'hubspot'
      ? `  hubspot:
    app: hubspot
    base_url: ${urls.hubspot}
    access_token: { env: BENCH_TOKEN }
    lookback: 1s`
      : `  google:
    app: google
    root_url: ${urls.google}/
    access_token: { env: BENCH_TOKEN }`;
  // No rate_limit: the connections start from their defaults and learn the rest from the apps.
  return `connections:
${left}
  salesforce:
    app: salesforce
    instance_url: ${urls.salesforce}
    access_token: { env: BENCH_TOKEN }
    lookback: 1s
sync:
  name: bench
  object: contacts
  left: { connection: ${c}${c === 'google' ? ', folder: contacts' : ''} }
  right: { connection: salesforce, object: Contact }
  direction: two-way
  conflict: { winner: salesforce }
${c === 'google' ? GOOGLE_FIELDS : ''}`;
}

/** Google ↔ Salesforce has no default mappings: the fields both apps' seeds fill. */
const GOOGLE_FIELDS = `  fields:
    - { left: firstName, right: FirstName }
    - { left: lastName, right: LastName }
    - { left: email, right: Email }
    - { left: phone, right: Phone }
    - { left: mobile, right: MobilePhone }
    - { left: jobTitle, right: Title }
    - { left: city, right: MailingCity }
    - { left: country, right: MailingCountry }
`;

async function runCase(c: Case, n: number) {
  const { host, urls } = await startApps(here('./limited-apps.ts'), [String(n), TOKEN, latency]);
  const dir = mkdtempSync(join(tmpdir(), 'crmsync-bench-limits-'));
  mkdirSync(join(dir, 'syncs'));
  writeFileSync(join(dir, 'syncs', 'bench.yaml'), configOf(c, urls as unknown as Record<string, string>));
  const get = async <T>(path: string) => (await fetch(`${urls.control}${path}`)).json() as Promise<T>;
  const run = async (phase: string): Promise<Phase> => {
    // Past the lookback, and past HubSpot's window, so each run starts from an empty one.
    await new Promise((r) => setTimeout(r, TEN_SECOND_WINDOW_MS + 500));
    await get('/reset');
    const before = await get<Record<App, number>>('/calls');
    const loadBefore = loadavg()[0]!;
    const out = execFileSync(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', here('./engine.ts'), dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, BENCH_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const after = await get<Record<App, number>>('/calls');
    const limits = await get<Limits>('/limits');
    const engine = JSON.parse(out.trim().split('\n').pop()!);
    const end = engine.startedAt + engine.wallMs;
    return {
      phase,
      ...engine,
      load: { before: loadBefore, after: loadavg()[0]! },
      calls: Object.fromEntries(Object.keys(after).map((app) => [app, after[app as App] - before[app as App]])) as Record<App, number>,
      timeline: {
        ...Object.fromEntries(appsOf(c).map((app) => [app, timelineOf(limits.timeline[app], engine.startedAt, end)])),
        // No app of the sync had a call in flight: the engine's own time on the critical path.
        engineOnly: timelineOf(
          appsOf(c).flatMap((app) =>
            limits.timeline[app].map(([route, at, to]): Call => [route.startsWith('batch') || route.startsWith('collections') ? 'write' : 'read', at, to]),
          ),
          engine.startedAt,
          end,
        ),
      },
      limits,
    };
  };
  try {
    const phases = [await run('initial sync')];
    if (!initialOnly) phases.push(await run('after initial'), await run('no-op incremental'));
    return { case: c, N: n, phases };
  } finally {
    host.stdin!.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const n of sizes.length ? sizes : [10_000, 20_000]) {
  process.stderr.write(`N = ${n} (latency ${least}–${most} ms), HubSpot ↔ Salesforce…\n`);
  if (!googleOnly) results.push(await runCase('hubspot', n));
  // Half of each side is new to the other: Google would end with 1.5 N contacts.
  if (noGoogle) continue;
  if (n * 1.5 > GOOGLE_LIMITS.maxContacts) {
    process.stderr.write(`N = ${n}: no Google case (1.5 × N contacts is past Google's ${GOOGLE_LIMITS.maxContacts} a user, R32)\n`);
    continue;
  }
  process.stderr.write(`N = ${n}, Google ↔ Salesforce…\n`);
  results.push(await runCase('google', n));
}

const rows = [
  [
    'case',
    'N',
    'phase',
    'wall s',
    'floor s nominal / measured',
    'wall / floor nominal / measured',
    'engine CPU s',
    'calls (left / SF)',
    'minimum',
    '429s',
    'most in flight',
    'load 1 min',
  ],
];
const s1 = (ms: number) => (ms / 1000).toFixed(1);
const report = results.map((r) => {
  const apps = appsOf(r.case as Case);
  const phases = r.phases.map((p) => {
    const initial = p.phase === 'initial sync';
    const floor = initial ? floorFor(r.case as Case, r.N, p, false) : undefined;
    const timed = initial ? floorFor(r.case as Case, r.N, p, true) : undefined;
    const min = initial ? minimumOf(r.case as Case, r.N, p) : undefined;
    const tooMany = apps.map((a) => p.limits.tooMany[a]).reduce((a, b) => a + b, 0);
    rows.push([
      r.case === 'hubspot' ? 'HubSpot↔SF' : 'Google↔SF',
      String(r.N),
      p.phase,
      s1(p.wallMs),
      floor && timed ? `${s1(floor.ms)} / ${s1(timed.ms)}` : '',
      floor && timed ? `${(p.wallMs / floor.ms).toFixed(2)} / ${(p.wallMs / timed.ms).toFixed(2)}` : '',
      s1(p.cpuMs),
      apps.map((a) => p.calls[a]).join(' / '),
      min ? apps.map((a) => min[a]!.read + min[a]!.write + 1).join(' / ') : '',
      String(tooMany),
      `${apps.map((a) => p.limits.mostInFlight[a]).join(' / ')}${r.case === 'google' ? ` (mutations ${p.limits.mostMutating.google})` : ''}`,
      `${p.load.before.toFixed(1)}–${p.load.after.toFixed(1)}`,
    ]);
    const { answers, timeline: _calls, ...limits } = p.limits;
    const answerMs = Object.fromEntries(
      apps.map((app) => [
        app,
        Object.fromEntries(Object.entries(answers[app] ?? {}).map(([route, xs]) => [route, { calls: xs.length, meanMs: Math.round(mean(xs, 0)) }])),
      ]),
    );
    // Per app: when its last call answered, against when the floor lets it finish.
    const perApp =
      floor && timed
        ? Object.fromEntries(
            apps.map((app) => {
              const done = Math.max(0, ...Object.values(p.timeline[app]?.routes ?? {}).map((x) => x.to)) * 1000;
              return [app, { doneMs: done, nominal: done / floor.parts[app]!.writeEnd, measured: done / timed.parts[app]!.writeEnd }];
            }),
          )
        : undefined;
    return {
      ...p,
      limits: { ...limits, answerMs },
      ...(floor && timed ? { floor: { nominal: floor, measured: timed }, ratio: { nominal: p.wallMs / floor.ms, measured: p.wallMs / timed.ms, perApp } } : {}),
      ...(min ? { minimumCalls: min } : {}),
    };
  });
  return { case: r.case, N: r.N, latency: { least, most }, phases };
});
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')).join('\n')}\n\n`);
const round = (parts: Floor['parts']) =>
  Object.fromEntries(Object.entries(parts).map(([app, x]) => [app, Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Math.round(v)]))]));
for (const r of report) {
  const init = r.phases[0]! as (typeof r.phases)[number] & { floor: { nominal: Floor; measured: Floor }; ratio: { perApp: Record<string, unknown> } };
  process.stdout.write(
    `${r.case} N=${r.N}: minimum calls (besides one account check each) ${JSON.stringify(init.minimumCalls)}; 429s ${JSON.stringify(init.limits.tooMany)}\n` +
      `  floor ms, nominal ${JSON.stringify(round(init.floor.nominal.parts))}\n  floor ms, measured ${JSON.stringify(round(init.floor.measured.parts))}\n` +
      `  per app, last answer / floor: ${JSON.stringify(init.ratio.perApp, (_, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}\n` +
      `  plan ready at ${init.planWallMs / 1000} s (plan CPU ${init.planCpuMs / 1000} s of ${init.cpuMs / 1000} s); engine alone (no call in flight on either app): ${init.timeline.engineOnly.idleS} s, at ${JSON.stringify(init.timeline.engineOnly.idle)}; reads ${JSON.stringify(init.timeline.engineOnly.routes.read)}, writes ${JSON.stringify(init.timeline.engineOnly.routes.write)}\n` +
      `  answer times ${JSON.stringify(init.limits.answerMs)}\n  timeline (s from the engine's start): ${JSON.stringify(init.timeline)}\n`,
  );
}
writeFileSync(new URL('./results-limits.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
