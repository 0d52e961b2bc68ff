/**
 * One benchmark case: the emulators in one process (bench/emulators.ts), each engine run in another
 * (bench/engine.ts), so the figures printed are the engine's own CPU and peak RSS. N contacts in
 * HubSpot and N in Salesforce, half shared by email. Phases: the initial sync, the run right after it
 * (which reads back its own writes), a no-op incremental run, and a run after 1 % of the records
 * changed in each app. Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApps } from './apps-process.js';

const N = Number(process.argv[2] ?? 1000);
const TOKEN = 'bench-token';
const here = (file: string) => new URL(file, import.meta.url).pathname;

const { host, urls } = await startApps(here('./emulators.ts'), [String(N), TOKEN], ['--max-old-space-size=16384']);

const dir = mkdtempSync(join(tmpdir(), 'crmsync-bench-'));
mkdirSync(join(dir, 'syncs'));
writeFileSync(
  join(dir, 'syncs', 'bench.yaml'),
  `connections:
  hubspot:
    app: hubspot
    base_url: ${urls.hubspot}
    access_token: { env: BENCH_TOKEN }
    rate_limit: { max: 1000000, window: 1s }
    lookback: 1s
  salesforce:
    app: salesforce
    instance_url: ${urls.salesforce}
    access_token: { env: BENCH_TOKEN }
    rate_limit: { max: 1000000, window: 1s }
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

async function calls(): Promise<{ hubspot: number; salesforce: number }> {
  return (await fetch(`${urls.control}/calls`)).json() as Promise<{ hubspot: number; salesforce: number }>;
}

interface AppsUsage {
  cpuMs: number;
  peakRssMb: number;
  seeded: { cpuMs: number; wallMs: number; rssMb: number };
}
async function usage(): Promise<AppsUsage> {
  return (await fetch(`${urls.control}/usage`)).json() as Promise<AppsUsage>;
}
const seeded = (await usage()).seeded;
process.stderr.write(`N=${N} emulators seeded: ${JSON.stringify(seeded)}\n`);

async function run(phase: string) {
  // Runs are a few seconds apart, past the (shortened) lookback, as runs minutes apart would be.
  await new Promise((r) => setTimeout(r, 3000));
  const before = await calls();
  const appsBefore = await usage();
  // BENCH_PROFILE=DIR writes a CPU profile of each engine run there (node --cpu-prof).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE, '--cpu-prof-name', `${N}-${phase.replace(/\W+/g, '-')}.cpuprofile`]
    : [];
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', ...profile, '--import', 'tsx', here('./engine.ts'), dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, BENCH_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const after = await calls();
  const appsAfter = await usage();
  const result = {
    phase,
    ...JSON.parse(out.trim().split('\n').pop()!),
    calls: { hubspot: after.hubspot - before.hubspot, salesforce: after.salesforce - before.salesforce },
    // The emulators' CPU answering this run, and their peak RSS so far: not the engine's.
    apps: { cpuMs: appsAfter.cpuMs - appsBefore.cpuMs, peakRssMb: appsAfter.peakRssMb },
  };
  // Each phase as it ends, so a long run (1,000,000) that is stopped still reports what it measured.
  process.stderr.write(`N=${N} ${JSON.stringify(result)}\n`);
  return result;
}

/** 1 % of each app's records edited by their users, through the apps' own APIs (not engine calls). */
async function changeOnePercent(): Promise<void> {
  const count = Math.max(1, Math.floor(N / 100));
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const hsIds: string[] = [];
  for (let after: string | undefined; hsIds.length < count; ) {
    const page = (await (await fetch(`${urls.hubspot}/crm/v3/objects/contacts?limit=100${after ? `&after=${after}` : ''}`, { headers: auth })).json()) as {
      results: Array<{ id: string }>;
      paging?: { next?: { after: string } };
    };
    hsIds.push(...page.results.map((r) => r.id));
    after = page.paging?.next?.after;
    if (!after) break;
  }
  for (let i = 0; i < count; i += 100) {
    const inputs = hsIds.slice(i, Math.min(i + 100, count)).map((id, j) => ({ id, properties: { jobtitle: `Changed in HubSpot ${i + j}` } }));
    const res = await fetch(`${urls.hubspot}/crm/v3/objects/contacts/batch/update`, { method: 'POST', headers: auth, body: JSON.stringify({ inputs }) });
    if (!res.ok) throw new Error(`HubSpot batch update: ${res.status} ${await res.text()}`);
  }
  // Salesforce: the last records, so the two apps' edits touch different people.
  // Every page of the answer: past 2,000 records (N over 200,000) it comes in several.
  const sfIds: Array<{ Id: string }> = [];
  let next: string | undefined = `/services/data/v59.0/query?q=${encodeURIComponent(`SELECT Id FROM Contact ORDER BY Id DESC LIMIT ${count}`)}`;
  while (next) {
    const page = (await (await fetch(`${urls.salesforce}${next}`, { headers: auth })).json()) as { records: Array<{ Id: string }>; nextRecordsUrl?: string };
    sfIds.push(...page.records);
    next = page.nextRecordsUrl;
  }
  const q = { records: sfIds };
  for (let i = 0; i < q.records.length; i += 200) {
    const records = q.records.slice(i, i + 200).map((r, j) => ({ attributes: { type: 'Contact' }, id: r.Id, Title: `Changed in Salesforce ${i + j}` }));
    const res = await fetch(`${urls.salesforce}/services/data/v59.0/composite/sobjects`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ allOrNone: false, records }),
    });
    if (!res.ok) throw new Error(`Salesforce update: ${res.status} ${await res.text()}`);
  }
}

try {
  const phases = [await run('initial sync'), await run('after initial'), await run('no-op incremental')];
  await changeOnePercent();
  phases.push(await run('1% changed'));
  process.stdout.write(`${JSON.stringify({ N, seeded, phases })}\n`);
} finally {
  host.stdin!.end();
  rmSync(dir, { recursive: true, force: true });
}
