/**
 * A call that gets no usable answer (connection refused, dropped, or an answer cut off mid-body) is
 * reported by every connector as `network` with the system's own code, through each official
 * client: never as `unknown` or a made-up `HTTP_0` (R31: a category that says what happened).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createGoogleConnector } from '../../../src/connectors/google/connector.js';
import { startGoogleEmulator } from '../../../src/connectors/google/emulator/server.js';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { ConnectorFailure, type Connector, type ConnectorError, type WriteOp } from '../../../src/connectors/types.js';

const TOKEN = 'no-answer-token';
const RETRY = { attempts: 2, baseMs: 1, maxMs: 2 };
const limiter = { max: 1e6, windowMs: 1000 };

type App = 'hubspot' | 'google' | 'salesforce';
const OBJECT: Record<App, string> = { hubspot: 'contacts', google: 'contacts', salesforce: 'Contact' };
const FIELD: Record<App, string> = { hubspot: 'email', google: 'email', salesforce: 'Email' };

function connector(app: App, url: string): Connector {
  if (app === 'hubspot') return createHubSpotConnector({ name: 'hs', accessToken: TOKEN, baseUrl: url, limiter, retry: RETRY, timeoutMs: 2000 });
  if (app === 'google')
    return createGoogleConnector({ name: 'g', accessToken: TOKEN, rootUrl: `${url}/`, limiter, retry: RETRY, filter: { folder: 'contacts' } });
  return createSalesforceConnector({ name: 'sf', instanceUrl: url, accessToken: TOKEN, retry: RETRY, timeoutMs: 2000 });
}

/** The error of a read: in its result, or thrown as a whole-call failure. */
async function readError(c: Connector, app: App): Promise<ConnectorError | undefined> {
  try {
    const r = await c.read({ object: OBJECT[app], fields: [FIELD[app]], mode: 'full' });
    return r.complete ? undefined : r.error;
  } catch (error) {
    if (error instanceof ConnectorFailure) return error.error;
    throw error;
  }
}

function assertNoAnswer(error: ConnectorError | undefined, what: string, categories = ['network']): void {
  assert.ok(error, `${what}: an error`);
  assert.ok(categories.includes(error!.category), `${what}: ${JSON.stringify(error)}`);
  assert.not.match(error!.code, /^(HTTP_0|UNKNOWN|CLIENT_ERROR)$/, what);
  assert.ok(error!.hint, `${what}: a hint`);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function emulator(app: App) {
  if (app === 'hubspot') return startHubSpotEmulator({ tokens: [TOKEN], seed: { contacts: 3, companies: 0, from: 0 } });
  if (app === 'google') return startGoogleEmulator({ accessToken: TOKEN, seed: { contacts: 3, from: 0 } });
  return startSalesforceEmulator({ accessToken: TOKEN, seed: { contacts: 3 } });
}

for (const app of ['hubspot', 'google', 'salesforce'] as const) {
  test(`${app}: a refused connection is network/ECONNREFUSED`, async () => {
    const server = createServer();
    const url = await listen(server);
    await new Promise((r) => server.close(r));
    const error = await readError(connector(app, url), app);
    assertNoAnswer(error, 'refused');
    assert.is(error!.code, 'ECONNREFUSED');
  });

  // HubSpot's client never settles a body cut off after its headers: its time limit ends the call.
  test(`${app}: an answer cut off mid-body is network (or timeout), not an HTTP status`, async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      res.write('{"results":[{"id":"1","proper');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    const url = await listen(server);
    try {
      assertNoAnswer(await readError(connector(app, url), app), 'cut off', ['network', 'timeout']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  // A proxy that cut the body and fixed its length: the JSON does not parse. No usable answer.
  test(`${app}: a 200 whose JSON body is cut short is network/INCOMPLETE_RESPONSE`, async () => {
    const body = '{"results":[{"id":"1","properties":{"email":"a@';
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
    const url = await listen(server);
    try {
      const error = await readError(connector(app, url), app);
      assertNoAnswer(error, 'cut short');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  test(`${app}: a dropped connection on read and on create is network`, async () => {
    const emu = await emulator(app);
    const c = connector(app, emu.url);
    try {
      await c.catalogue(OBJECT[app]); // the object's description is read while the line is up
      emu.setFaults({ rate: 1, kinds: ['drop'] });
      assertNoAnswer(await readError(c, app), 'read');
      const create: WriteOp = {
        kind: 'create',
        ref: 'x',
        fields: app === 'salesforce' ? { LastName: 'Drop', Email: 'drop@example.com' } : { email: 'drop@example.com' },
      };
      const [result] = await c.write(OBJECT[app], [create]).catch((error) => [{ ok: false as const, ref: 'x', error: (error as ConnectorFailure).error }]);
      assert.ok(result && !result.ok);
      if (result && !result.ok) assertNoAnswer(result.error, 'create');
    } finally {
      emu.setFaults(null);
      await c.close();
      await emu.close();
    }
  });
}

test.run();
