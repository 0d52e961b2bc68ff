/**
 * The benchmark's apps, in a process of their own so the engine's CPU and memory are measured
 * alone: HubSpot and Salesforce emulators seeded with N contacts each (half shared by email), and
 * a small control server on loopback for the driver: call counts, and the apps' own CPU and peak
 * RSS (seeding apart).
 * Prints one JSON line with the addresses, then serves until stdin closes.
 */
import { createServer } from 'node:http';
import { serveApps } from './apps-process.js';
import { startHubSpotEmulator } from '../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../src/connectors/salesforce/emulator/server.js';

const N = Number(process.argv[2] ?? 1000);
const TOKEN = process.argv[3] ?? 'bench-token';

const cpu0 = process.cpuUsage();
const started = performance.now();
const hubspot = await startHubSpotEmulator({
  tokens: [TOKEN],
  seed: { contacts: N, companies: 0, from: 0 },
  limits: { tenSecondMax: 1e9, searchPerSecond: 1e9, daily: 1e9 },
});
const salesforce = await startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: N, companies: 0, from: N / 2 }, dailyApiLimit: 1e9 });

// Seeding's cost, apart from what answering the engine costs afterwards.
const seeded = { cpuMs: cpuMs(process.cpuUsage(cpu0)), wallMs: Math.round(performance.now() - started), rssMb: rssMb() };

function cpuMs(u: NodeJS.CpuUsage): number {
  return Math.round((u.user + u.system) / 1000);
}
function rssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const control = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  // One connection per question: the driver asks seconds or hours apart, past any keep-alive.
  res.setHeader('connection', 'close');
  if (req.url === '/calls') {
    res.end(JSON.stringify({ hubspot: hubspot.calls.total, salesforce: salesforce.calls.total }));
    return;
  }
  // The apps' own CPU since they started and their peak RSS, so the bench reports them apart from the engine's.
  if (req.url === '/usage') {
    res.end(JSON.stringify({ cpuMs: cpuMs(process.cpuUsage(cpu0)), peakRssMb: rssMb(), seeded }));
    return;
  }
  res.statusCode = 404;
  res.end('{}');
});
await serveApps(control, { hubspot, salesforce });
