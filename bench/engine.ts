/**
 * One engine run (plan, then apply) in a process of its own, so its CPU time and peak RSS are the
 * engine's alone. Prints one JSON line. CPU is counted from the first step of the run, after module
 * loading (which the TypeScript loader used here inflates, and a built install does not pay);
 * `processCpuMs` is the whole process's, module loading included.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { closeConnectors, loadProject, makePlan, requireProject, runApply, withProjectState, type Environment } from '../src/pipeline.js';

const dir = process.argv[2]!;
// The apps' connectors (and their clients) load when a run opens them; loaded here, before the
// count starts, they stay out of it like every other module.
await Promise.all([import('../src/connectors/hubspot/connector.js'), import('../src/connectors/salesforce/connector.js')]);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const startedAt = Date.now();
/** When the plan was ready (ms from the start): the rest is the apply. */
let planWallMs = 0;
const environment: Environment = { root: dir, env: { BENCH_TOKEN: process.env.BENCH_TOKEN ?? 'bench-token' } };
const project = requireProject(await loadProject(dir));
const { planned, planCpu, tally } = await withProjectState(environment, project, 'apply', {}, async (state) => {
  const planned = await makePlan(environment, project, state);
  const planCpu = process.cpuUsage(cpu0);
  planWallMs = Math.round(performance.now() - t0);
  const tally = await runApply(planned, environment);
  await closeConnectors(planned.connectors);
  return { planned, planCpu, tally };
});
const cpu = process.cpuUsage(cpu0);
const whole = process.cpuUsage();
const summary = planned.plan.syncs[0]!;
// The project document and its links documents (src/state/encode.ts); another location counts 0.
let stateBytes = 0;
for (const file of readdirSync(join(dir, '.crmsync'))) {
  if (file === 'state.json' || (file.startsWith('state.json.') && file.endsWith('.links'))) stateBytes += statSync(join(dir, '.crmsync', file)).size;
}
process.stdout.write(
  `${JSON.stringify({
    wallMs: Math.round(performance.now() - t0),
    // Epoch ms, so a bench can place the apps' call times on the engine's own clock.
    startedAt,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    processCpuMs: Math.round((whole.user + whole.system) / 1000),
    planCpuMs: Math.round((planCpu.user + planCpu.system) / 1000),
    planWallMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    synced: tally.created + tally.updated + tally.linked,
    ops: planned.plan.ops.length,
    writes: { hubspot: summary.counts.left, salesforce: summary.counts.right },
    read: { hubspot: summary.left.read, salesforce: summary.right.read },
    stateBytes,
  })}\n`,
);
