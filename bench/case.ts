/**
 * One benchmark case, in its own process so peak RSS is its own: N contacts in HubSpot and N in
 * Salesforce (emulators, in-process, loopback), half of them shared by email. Prints one JSON line.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHubSpotEmulator } from '../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../src/connectors/salesforce/emulator/server.js';
import { closeConnectors, loadProject, makePlan, readProjectState, requireProject, withProjectState, runApply, type Environment } from '../src/pipeline.js';

const N = Number(process.argv[2] ?? 1000);
const TOKEN = 'bench-token';

const hubspot = await startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: N, companies: 0, from: 0 }, limits: { tenSecondMax: 1e9, searchPerSecond: 1e9, daily: 1e9 } });
const salesforce = await startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: N, companies: 0, from: N / 2 }, dailyApiLimit: 1e9 });

const dir = mkdtempSync(join(tmpdir(), 'crmsync-bench-'));
mkdirSync(join(dir, 'syncs'));
writeFileSync(join(dir, 'syncs', 'bench.yaml'), `connections:
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: BENCH_TOKEN }
    rate_limit: { max: 1000000, window: 1s }
    lookback: 1s
  salesforce:
    app: salesforce
    instance_url: ${salesforce.url}
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
`);

const environment: Environment = { root: dir, env: { BENCH_TOKEN: TOKEN } };
const project = requireProject(await loadProject(dir));

interface Phase {
  phase: string;
  wallMs: number;
  planCpuMs: number;
  calls: { hubspot: number; salesforce: number };
  synced: number;
  ops: number;
  /** Writes the plan asked for, per app: the minimum calls follow from these and the batch sizes. */
  writes: { hubspot: { create: number; update: number }; salesforce: { create: number; update: number } };
}

async function run(phase: string): Promise<Phase> {
  // Runs are a few seconds apart, past the (shortened) lookback, as runs minutes apart would be.
  await new Promise((r) => setTimeout(r, 3000));
  const before = { hubspot: hubspot.calls.total, salesforce: salesforce.calls.total };
  const t0 = performance.now();
  const { planned, cpu, tally } = await withProjectState(environment, project, 'apply', {}, async (state) => {
    const cpu0 = process.cpuUsage();
    const planned = await makePlan(environment, project, state);
    const cpu = process.cpuUsage(cpu0);
    const tally = await runApply(planned, environment);
    await closeConnectors(planned.connectors);
    return { planned, cpu, tally };
  });
  const wallMs = performance.now() - t0;
  const synced = tally.created + tally.updated + tally.linked;
  return {
    phase, wallMs: Math.round(wallMs), planCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    calls: { hubspot: hubspot.calls.total - before.hubspot, salesforce: salesforce.calls.total - before.salesforce },
    synced, ops: planned.plan.ops.length,
    writes: { hubspot: planned.plan.syncs[0]!.counts.left, salesforce: planned.plan.syncs[0]!.counts.right },
  };
}

// The pure planning step alone, for the 5-second target: diff + match over both full snapshots.
async function planCpu(): Promise<number> {
  const { readSnapshots } = await import('../src/connectors/snapshot.js');
  const { openConnectors } = await import('../src/pipeline.js');
  const { buildPlan } = await import('../src/plan/build.js');
  const state = await readProjectState(environment, project);
  const connectors = await openConnectors(project, environment);
  const snaps = await readSnapshots(project, { ...state.data, syncs: {} }, connectors, { full: true });
  await closeConnectors(connectors);
  const cpu0 = process.cpuUsage();
  buildPlan(project, { ...state.data, syncs: {} }, snaps, new Date().toISOString());
  const cpu = process.cpuUsage(cpu0);
  return Math.round((cpu.user + cpu.system) / 1000);
}

const pureInitialPlanCpuMs = await planCpu();
const initial = await run('initial sync');
await run('settle'); // reads back its own writes once
const noop = await run('no-op incremental');
// 1% of the records change in each app, through the emulators' stores (not counted as engine calls).
const { createHubSpotConnector } = await import('../src/connectors/hubspot/connector.js');
const hsClient = createHubSpotConnector({ name: 'h', accessToken: TOKEN, baseUrl: hubspot.url, limiter: { max: 1e9, windowMs: 1000 } });
const some = (await hsClient.read({ object: 'contacts', fields: ['email'], mode: 'full' })).records.slice(0, Math.max(1, N / 100));
await hsClient.write('contacts', some.map((r, i) => ({ kind: 'update' as const, ref: String(i), id: r.id, fields: { jobtitle: `Changed ${i}` } })));
const changed = await run('1% changed');
await Promise.all([hubspot.close(), salesforce.close()]);

const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ N, pureInitialPlanCpuMs, peakRssMb, phases: [initial, noop, changed] })}\n`);
