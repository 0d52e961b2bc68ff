/**
 * A new user, from an empty folder to a synced sandbox with `npx crmsync init` and
 * `npx crmsync apply`: the built CLI (npm run build first), run through npx as installed in a
 * parent folder's node_modules, offline.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeStateText } from '../../src/state/file.js';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import { Client } from '@hubspot/api-client';

const BIN = new URL('../../bin/crmsync.js', import.meta.url).pathname;
const DIST = new URL('../../dist/cli/main.js', import.meta.url).pathname;

async function npx(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['--offline', 'crmsync', ...argv], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('npx crmsync init, then npx crmsync apply, in an empty folder: exit 0, records linked in the state and created in the apps', async () => {
  assert.ok(existsSync(DIST), 'run npm run build first: the npx run uses the built CLI');
  const root = mkdtempSync(join(tmpdir(), 'crmsync-npx-'));
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(BIN, join(root, 'node_modules', '.bin', 'crmsync'));
  const dir = join(root, 'my-sync');
  mkdirSync(dir);
  assert.equal(readdirSync(dir), []);

  const init = await npx(dir, 'init');
  assert.is(init.code, 0, init.stderr);
  assert.equal(readdirSync(join(dir, 'syncs')).sort(), ['connections.yaml', 'hubspot-salesforce-contacts.yaml']);
  // With no terminal to confirm on, --auto-approve (as in CI).
  const apply = await npx(dir, 'apply', '--auto-approve');
  assert.is(apply.code, 0, apply.stderr + apply.stdout);
  assert.match(apply.stdout, /Apply complete: (\d+) created, 0 updated, 0 deleted, (\d+) linked, 0 association\(s\) added, 0 failed\./);

  const statePath = join(dir, '.crmsync', 'state.json');
  // The project document, with its links documents beside it.
  const state = decodeStateText(readFileSync(statePath, 'utf8'), statePath);
  const links = state.syncs['hubspot-salesforce-contacts']!.links;
  assert.ok(links.length > 0);
  // The HubSpot sandbox holds every linked left record, as its own API lists them.
  const hs = await startHubSpotEmulator({ tokens: [SANDBOX_TOKEN], persistPath: join(dir, '.crmsync', 'sandbox', 'hubspot.json') });
  try {
    const client = new Client({ accessToken: SANDBOX_TOKEN, basePath: hs.url, numberOfApiCallRetries: 0 });
    const ids = new Set((await client.crm.contacts.getAll()).map((c) => c.id));
    assert.is(ids.size, links.length);
    for (const link of links) assert.ok(ids.has(link.left), link.left);
  } finally {
    await hs.close();
  }
  const again = await npx(dir, 'plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout);
});

test.run();
