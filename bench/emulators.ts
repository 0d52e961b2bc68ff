/**
 * The benchmark's apps, in a process of their own so the engine's CPU and memory are measured
 * alone: HubSpot and Salesforce emulators seeded with N contacts each (half shared by email), and
 * a small control server on loopback for the driver: call counts, and edits made "by users".
 * Prints one JSON line with the addresses, then serves until stdin closes.
 */
import { createServer } from 'node:http';
import { serveApps } from './apps-process.js';
import { startHubSpotEmulator } from '../src/connectors/hubspot/emulator/server.js';
import { startSalesforceEmulator } from '../src/connectors/salesforce/emulator/server.js';

const N = Number(process.argv[2] ?? 1000);
const TOKEN = process.argv[3] ?? 'bench-token';

const hubspot = await startHubSpotEmulator({
  tokens: [TOKEN],
  seed: { contacts: N, companies: 0, from: 0 },
  limits: { tenSecondMax: 1e9, searchPerSecond: 1e9, daily: 1e9 },
});
const salesforce = await startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: N, companies: 0, from: N / 2 }, dailyApiLimit: 1e9 });

const control = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url === '/calls') {
    res.end(JSON.stringify({ hubspot: hubspot.calls.total, salesforce: salesforce.calls.total }));
    return;
  }
  res.statusCode = 404;
  res.end('{}');
});
await serveApps(control, { hubspot, salesforce });
