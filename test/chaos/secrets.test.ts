/**
 * Secrets: tokens come from the environment or the secrets file and appear nowhere else: not in
 * plan output, --json, plan files, the state, the lock, logs or error messages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import { project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const HS_SECRET = 'pat-na1-SECRET-7f3a9c1e-hubspot';
const G_SECRET = 'ya29.SECRET-d41d8cd9-google';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a full plan and apply leave no trace of the tokens; a rejected token is not echoed either', async () => {
  const hubspot = await startHubSpotEmulator({ tokens: [HS_SECRET] });
  const google = await startGoogleEmulator({ accessToken: G_SECRET, seed: { contacts: 20, from: 10 } });
  const p = project({
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    base_url: ${hubspot.url}
    access_token: { env: SECRETS_TEST_HS }
  google:
    app: google
    root_url: ${google.url}/
    access_token: { secret: GOOGLE_TOKEN }
settings:
  secrets_file: .crmsync/secrets.env
`,
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'hubspot',
      'google',
      `direction: two-way
conflict: { winner: hubspot }`,
    ),
    '.crmsync/secrets.env': `# test secrets\nGOOGLE_TOKEN=${G_SECRET}\n`,
  });
  const outputs: string[] = [];
  try {
    process.env.SECRETS_TEST_HS = HS_SECRET;
    for (const args of [
      ['validate'],
      ['plan'],
      ['plan', '--json', '--out', 'plan.json'],
      ['apply', '--yes'],
      ['status', '--json'],
      ['status', '--records', '--format', 'csv'],
    ]) {
      const r = await p.run(...args);
      outputs.push(r.stdout, r.stderr);
    }
    assert.match(outputs.join(''), 'Apply complete: 20 created');
    // A wrong token: the error names the connection and the variable, not the value.
    process.env.SECRETS_TEST_HS = `${HS_SECRET}-WRONG`;
    const denied = await p.run('plan');
    outputs.push(denied.stdout, denied.stderr);
    assert.is(denied.code, 1);
    assert.match(denied.stderr, 'hubspot');
    assert.not.match(denied.stderr, 'internal error');
  } finally {
    delete process.env.SECRETS_TEST_HS;
    await Promise.all([hubspot.close(), google.close()]);
  }
  const files = filesUnder(p.dir).filter((f) => !f.endsWith('secrets.env'));
  assert.ok(files.some((f) => f.endsWith('state.json')) && files.some((f) => f.endsWith('plan.json')));
  for (const secret of [HS_SECRET, G_SECRET, 'SECRET-']) {
    for (const text of outputs) assert.not.ok(text.includes(secret), `output contains ${secret}`);
    for (const file of files) assert.not.ok(readFileSync(file, 'utf8').includes(secret), `${file} contains ${secret}`);
  }
});

test('issue 15.9: a credential written inline is refused and never echoed: not in messages, excerpts or --json', async () => {
  const inline = {
    access_token: 'pat-na1-INLINE-4c2d-hubspot',
    client_secret: 'INLINE-sf-client-secret-77',
    password: 'INLINE-password-e1',
    private_key: '-----BEGIN PRIVATE KEY-----\\nINLINE-KEY-MATERIAL-0f\\n-----END PRIVATE KEY-----',
    google: 'ya29.INLINE-google-5a',
    pasted: 'INLINE-pasted-into-env-9c',
    file: 'INLINE-secrets-file-line-31',
  };
  const p = project({
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    access_token: ${inline.access_token}
  salesforce:
    app: salesforce
    client_id: { env: SF_CLIENT }
    client_secret: "${inline.client_secret}"
    username: { env: SF_USER }
    password: '${inline.password}'
  jwt:
    app: salesforce
    client_id: { env: SF_CLIENT }
    username: { env: SF_USER }
    private_key: |
      ${inline.private_key.replace(/\\n/g, '\n      ')}
  google:
    app: google
    access_token: { env: ${inline.pasted} }
  other:
    app: google
    access_token: [ ${inline.google} ]
`,
    'syncs/contacts.yaml':
      'sync:\n  name: contacts\n  object: contacts\n  left: { connection: hubspot }\n  right: { connection: google }\n  direction: two-way\n',
    // A secrets file saved under syncs/ by mistake: YAML reads KEY=value lines as one string.
    'syncs/secrets.yaml': `HUBSPOT=${inline.file}\nGOOGLE=${inline.file}-2\n`,
  });
  const outputs: string[] = [];
  for (const argv of [['validate'], ['validate', '--json'], ['plan'], ['plan', '--json'], ['apply', '--yes']]) {
    const r = await p.run(...argv);
    assert.is(r.code, 1, `${argv.join(' ')} must refuse`);
    outputs.push(r.stdout, r.stderr);
  }
  const json = JSON.parse(outputs[2]!) as { diagnostics: Array<{ code: string; line: number; col: number }> };
  assert.equal(
    json.diagnostics.filter((d) => d.code === 'inline-secret').map((d) => `${d.line}:${d.col}`),
    ['4:19', '8:20', '10:15', '15:18', '24:19'],
  );
  assert.ok(
    json.diagnostics.some((d) => d.code === 'invalid-value' && d.line === 21),
    'a value pasted as a variable name is refused too',
  );
  assert.match(outputs[1]!, '   4 |     access_token: ***************************');
  const all = outputs.join('\n');
  for (const secret of [...Object.values(inline), 'INLINE', 'KEY-MATERIAL']) assert.not.ok(all.includes(secret), `output contains ${secret}`);
  assert.not.match(all, 'internal error');
  for (const file of filesUnder(p.dir).filter((f) => !f.includes('/syncs/'))) {
    for (const secret of Object.values(inline)) assert.not.ok(readFileSync(file, 'utf8').includes(secret), `${file} contains ${secret}`);
  }
});

test.run();
