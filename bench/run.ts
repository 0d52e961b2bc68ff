/**
 * `npm run bench`: HubSpot ↔ Salesforce contacts through the emulators at N = 1,000, 10,000 and
 * 100,000 per side (50 % shared by email). The emulators run in their own process and each engine
 * run in another, so CPU and peak RSS are the engine's alone. Phases: initial sync, the run right
 * after it, a no-op incremental run, and a run after 1 % changed in each app. Writes
 * bench/results.json. `npm run bench -- 1000 10000` (or `--n 1000000`) picks the sizes; `--curve`
 * runs 10,000, 100,000, 300,000 and 1,000,000 and prints the growth (`npm run bench:1m` runs 1,000,000).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

// `--limits` (with `--latency 50-200`): against rate-limited, latent apps (bench/limited.ts).
if (process.argv.includes('--limits') || process.argv.includes('--latency')) {
  await import('./limited.js');
  process.exit(0);
}
const argv = process.argv.slice(2);
const nFlag = argv.indexOf('--n');
// --curve: the growth from 10,000 to 1,000,000 (initial sync CPU and RSS, state size, no-op CPU).
const curve = argv.includes('--curve');
const CURVE = [10_000, 100_000, 300_000, 1_000_000];
const sizes = curve ? CURVE : (nFlag >= 0 ? [argv[nFlag + 1]] : argv).map(Number).filter((n) => n > 0);
interface Phase {
  phase: string;
  wallMs: number;
  cpuMs: number;
  planCpuMs: number;
  peakRssMb: number;
  synced: number;
  ops: number;
  stateBytes: number;
  calls: { hubspot: number; salesforce: number };
  /** The emulators' CPU answering the run and their peak RSS so far (their own process). */
  apps?: { cpuMs: number; peakRssMb: number };
  writes: { hubspot: { create: number; update: number }; salesforce: { create: number; update: number } };
}
interface Seeded {
  cpuMs: number;
  wallMs: number;
  rssMb: number;
}
const results: Array<{ N: number; seeded?: Seeded; phases: Phase[]; minimumInitialCalls?: unknown; loadAverage?: number[] }> = [];
for (const n of sizes.length ? sizes : [1000, 10000, 100000]) {
  const load = loadavg().map((l) => l.toFixed(1));
  process.stderr.write(`N = ${n}… (load average ${load.join(' ')})\n`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('./case.ts', import.meta.url).pathname, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The machine is shared: the load when the case ended says how much the wall times mean.
  results.push({ ...JSON.parse(out.trim().split('\n').pop()!), loadAverage: loadavg().map((l) => Number(l.toFixed(1))) });
}

/**
 * The fewest calls the page and batch sizes allow for the initial sync: every page of each app's
 * list, one catalogue call each, and the writes the plan needed in full batches.
 */
function minimumInitialCalls(n: number, writes: Phase['writes']) {
  return {
    hubspot: Math.ceil(n / 100) + Math.ceil(writes.hubspot.create / 100) + Math.ceil(writes.hubspot.update / 100),
    salesforce: Math.ceil(n / 2000) + 1 + Math.ceil(writes.salesforce.create / 200) + Math.ceil(writes.salesforce.update / 200),
  };
}

const rows = [
  [
    'N',
    'phase',
    'engine CPU s',
    'plan CPU s',
    'engine peak RSS MB',
    'wall s',
    'HubSpot calls',
    'Salesforce calls',
    'calls / synced record',
    'state MB',
    'emulators CPU s',
    'emulators peak RSS MB',
  ],
];
for (const r of results) {
  for (const p of r.phases) {
    rows.push([
      String(r.N),
      p.phase,
      (p.cpuMs / 1000).toFixed(2),
      (p.planCpuMs / 1000).toFixed(2),
      String(p.peakRssMb),
      (p.wallMs / 1000).toFixed(2),
      String(p.calls.hubspot),
      String(p.calls.salesforce),
      p.synced ? ((p.calls.hubspot + p.calls.salesforce) / p.synced).toFixed(3) : '-',
      (p.stateBytes / 1e6).toFixed(1),
      p.apps ? (p.apps.cpuMs / 1000).toFixed(2) : '-',
      p.apps ? String(p.apps.peakRssMb) : '-',
    ]);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
process.stdout.write(`${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')).join('\n')}\n\n`);
for (const r of results) {
  const init = r.phases[0]!;
  const min = minimumInitialCalls(r.N, init.writes);
  process.stdout.write(
    `N=${r.N}: initial calls HubSpot ${init.calls.hubspot} (minimum ${min.hubspot}), Salesforce ${init.calls.salesforce} (minimum ${min.salesforce})\n`,
  );
  if (r.seeded) {
    process.stdout.write(
      `N=${r.N}: emulators seeded in ${(r.seeded.cpuMs / 1000).toFixed(1)} s CPU (${(r.seeded.wallMs / 1000).toFixed(1)} s wall, ${r.seeded.rssMb} MB); load average at the end ${r.loadAverage?.join(' ')}\n`,
    );
  }
  r.minimumInitialCalls = min;
}
if (results.length > 1) {
  // The curve: per N, and per record, to show whether growth is linear.
  const phase = (r: (typeof results)[number], name: string) => r.phases.find((p) => p.phase === name);
  const curveRows = [['N', 'initial CPU s', 'µs / record', 'initial peak RSS MB', 'initial wall s', 'state MB', 'bytes / link', 'no-op CPU s']];
  for (const r of results) {
    const init = phase(r, 'initial sync')!;
    const noop = phase(r, 'no-op incremental');
    curveRows.push([
      String(r.N),
      (init.cpuMs / 1000).toFixed(1),
      ((init.cpuMs * 1000) / r.N).toFixed(0),
      String(init.peakRssMb),
      (init.wallMs / 1000).toFixed(0),
      (init.stateBytes / 1e6).toFixed(1),
      (init.stateBytes / (r.N * 1.5)).toFixed(0),
      noop ? (noop.cpuMs / 1000).toFixed(2) : '-',
    ]);
  }
  const w = curveRows[0]!.map((_, i) => Math.max(...curveRows.map((row) => row[i]!.length)));
  process.stdout.write(`\n${curveRows.map((row) => row.map((c, i) => c.padEnd(w[i]!)).join(' | ')).join('\n')}\n`);
}
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
