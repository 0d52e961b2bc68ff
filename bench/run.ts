/**
 * `npm run bench`: HubSpot ↔ Salesforce contacts through the emulators at N = 1,000, 10,000 and
 * 100,000 per side (50% shared by email). For the initial sync, a no-op incremental run and a run
 * after 1% changed: wall time, API calls per app, calls per synced record, peak RSS. Writes
 * bench/results.json. `npm run bench -- 1000 10000` picks the sizes.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results = [];
for (const n of sizes.length ? sizes : [1000, 10000, 100000]) {
  process.stderr.write(`N = ${n}…\n`);
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', new URL('./case.ts', import.meta.url).pathname, String(n)], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  results.push(JSON.parse(out.trim().split('\n').pop()!));
}

/**
 * The fewest calls the page and batch sizes allow for the initial sync: every page of each app's
 * list, one catalogue call each, and the writes the plan needed in full batches.
 */
function minimumInitialCalls(n: number, writes: { hubspot: { create: number; update: number }; salesforce: { create: number; update: number } }) {
  return {
    hubspot: Math.ceil(n / 100) + Math.ceil(writes.hubspot.create / 100) + Math.ceil(writes.hubspot.update / 100),
    salesforce: Math.ceil(n / 2000) + 1 + Math.ceil(writes.salesforce.create / 200) + Math.ceil(writes.salesforce.update / 200),
  };
}

const rows = [['N', 'phase', 'wall s', 'HubSpot calls', 'Salesforce calls', 'calls / synced record', 'plan CPU s', 'peak RSS MB']];
for (const r of results) {
  for (const p of r.phases) {
    rows.push([String(r.N), p.phase, (p.wallMs / 1000).toFixed(2), String(p.calls.hubspot), String(p.calls.salesforce),
      p.synced ? ((p.calls.hubspot + p.calls.salesforce) / p.synced).toFixed(3) : '-', (p.planCpuMs / 1000).toFixed(2), String(r.peakRssMb)]);
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
const table = rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')).join('\n');
process.stdout.write(`${table}\n\n`);
for (const r of results) {
  const init = r.phases[0];
  const min = minimumInitialCalls(r.N, init.writes);
  process.stdout.write(`N=${r.N}: initial calls HubSpot ${init.calls.hubspot} (minimum ${min.hubspot}), Salesforce ${init.calls.salesforce} (minimum ${min.salesforce}); pure planning CPU ${(r.pureInitialPlanCpuMs / 1000).toFixed(2)} s\n`);
  r.minimumInitialCalls = min;
}
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
