/** `crmsync sandbox` prints working connection settings; real (non-sandbox) connections use them. */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sandboxCommand, sandboxServers } from '../../src/cli/sandbox.js';
import type { AppEntry, SandboxServer } from '../../src/connectors/app-entry.js';
import { APPS } from '../../src/connectors/registry.js';
import { project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

test('the printed settings work as real connections, with tokens from the environment', async () => {
  const p = project();
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => (text += c));
  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const running = sandboxCommand(
    { stdout: out, stderr: out, stdin: new PassThrough(), env: {}, cwd: p.dir },
    { ports: { hubspot: 0, salesforce: 0, google: 0 }, contacts: 20, until },
  );
  while (!text.includes('google:')) await new Promise((r) => setTimeout(r, 20));
  // The token's scopes are printed, so a user can compare them with a real app's.
  assert.match(text, /The HubSpot token carries the scopes .*crm\.objects\.contacts\.read.*crm\.schemas\.custom\.read/);
  const connections = text.slice(text.indexOf('connections:')).trim();
  // The Google token's scopes are what the README asks a real token for.
  assert.match(text, '# GOOGLE_TOKEN carries the scopes https://www.googleapis.com/auth/contacts https://www.googleapis.com/auth/contacts.other.readonly');
  const exports = /export (.+)/
    .exec(text)![1]!
    .split(' ')
    .map((kv) => kv.split('='));
  p.write('syncs/connections.yaml', `${connections}\n`);
  p.write(
    'syncs/contacts.yaml',
    syncFile(
      'hs-google',
      'hubspot',
      'google',
      `direction: two-way
conflict: { winner: hubspot }`,
      'contacts',
    ),
  );
  // Without the token in the environment: a clear error naming the variable, no stack trace.
  const missing = await p.run('plan');
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'error[secret-missing]');
  assert.match(missing.stderr, 'HUBSPOT_TOKEN');
  for (const [k, v] of exports) process.env[k!] = v;
  try {
    const applied = await p.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, '0 failed');
    assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
  } finally {
    for (const [k] of exports) delete process.env[k!];
    stop();
    assert.is(await running, 0);
  }
});

test('a restart reuses the saved data and says so (--contacts applies to fresh data); --reset reseeds', async () => {
  const p = project();
  const start = async (contacts: number, reset = false) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c) => (text += c));
    const code = await sandboxCommand(
      { stdout: out, stderr: out, stdin: new PassThrough(), env: {}, cwd: p.dir },
      { ports: { hubspot: 0, salesforce: 0, google: 0 }, contacts, reset, until: Promise.resolve() },
    );
    assert.is(code, 0);
    const saved = JSON.parse(readFileSync(`${p.dir}/.crmsync/sandbox-server/hubspot.json`, 'utf8')) as { types: Array<{ name: string; records: unknown[] }> };
    return { text, contacts: saved.types.find((t) => t.name === 'contacts')!.records.length };
  };
  const first = await start(5);
  assert.is(first.contacts, 5);
  assert.not.match(first.text, 'Reusing');
  // Port 0: the printed settings carry the port the system picked.
  assert.match(first.text, /base_url: http:\/\/127\.0\.0\.1:[1-9]\d*/);
  const again = await start(8);
  assert.is(again.contacts, 5);
  assert.match(again.text, 'Reusing the sandbox data saved in');
  assert.match(again.text, '(seeded with 5 contacts per app)');
  assert.match(again.text, 'Note: --contacts 8 applies to fresh data only; add --reset to reseed.');
  const reset = await start(8, true);
  assert.is(reset.contacts, 8);
  assert.not.match(reset.text, 'Reusing');
  assert.match((await p.run('sandbox', '--help')).stdout, '0 picks a free port');
});

test('every registered app with a sandbox server runs, a registered one included, with no CLI change', async () => {
  const p = project();
  const events: string[] = [];
  // An app defined here alone: its entry brings the server, its port option default and its settings.
  const memoServer: SandboxServer = {
    port: 4999,
    async start({ port, file, contacts }) {
      events.push(`start ${port} ${file.endsWith('/.crmsync/sandbox-server/memo.json')} ${contacts}`);
      return {
        connection: ['url: http://127.0.0.1:4999', 'token: { env: MEMO_TOKEN }'],
        env: { MEMO_TOKEN: 'memo-secret' },
        notes: ['MEMO_TOKEN reads and writes everything'],
        close: async () => void events.push('close'),
      };
    },
  };
  const apps = { ...APPS, memo: { ...(APPS.local as AppEntry), label: 'Memo', sandboxServer: memoServer } };
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => (text += c));
  const code = await sandboxCommand(
    { stdout: out, stderr: out, stdin: new PassThrough(), env: {}, cwd: p.dir },
    { ports: { hubspot: 0, salesforce: 0, google: 0 }, contacts: 3, until: Promise.resolve(), apps },
  );
  assert.is(code, 0);
  // The built-in apps with a server, and the registered one, each have their connection block.
  const names = sandboxServers(apps).map(({ name }) => name);
  assert.equal(names, ['hubspot', 'salesforce', 'google', 'memo']);
  for (const name of names) assert.match(text, `\n  ${name}:\n    app: ${name}\n`);
  // Its port left out of --*-port: the entry's default; its settings, export and note are printed.
  assert.equal(events, ['start 4999 true 3', 'close']);
  assert.match(text, '  memo:\n    app: memo\n    url: http://127.0.0.1:4999\n    token: { env: MEMO_TOKEN }');
  assert.match(text, /export HUBSPOT_TOKEN=\S+ SF_CLIENT_ID=\S+ SF_CLIENT_SECRET=\S+ GOOGLE_TOKEN=\S+ MEMO_TOKEN=memo-secret\n/);
  assert.match(text, '# MEMO_TOKEN reads and writes everything\n');
  assert.match(text, 'Sandbox stopped; its data is saved.');
  // The local store is a file, not a server: it has no sandbox server and no port option.
  assert.not.match(text, 'app: local');
  const help = (await p.run('sandbox', '--help')).stdout;
  for (const name of ['hubspot', 'salesforce', 'google']) assert.match(help, `--${name}-port`);
  assert.not.match(help, '--local-port');
});

test.run();
