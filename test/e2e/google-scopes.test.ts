/**
 * A Google token without a scope the sync needs, through the CLI: `folder: all` (R20) reads Other
 * contacts, which need contacts.other.readonly. The run stops with exit code 1 and an error that
 * names the missing scope and the ones to grant, with no stack trace; `folder: contacts` runs.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { SCOPES } from '../../src/connectors/google/limits.js';
import { project } from '../helpers/project.js';

const files = (url: string, folder: string) => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox:
      seed: { contacts: 3, companies: 0, from: 0 }
  google:
    app: google
    root_url: ${url}/
    access_token: { env: SCOPES_GOOGLE_TOKEN }
`,
  'syncs/contacts.yaml': `sync:
  name: crm-google
  object: contacts
  left: { connection: crm }
  right: { connection: google, folder: ${folder} }
  direction: two-way
  conflict: { winner: crm }
`,
});

test('folder all with a token lacking contacts.other.readonly: exit 1 naming the scope; folder contacts works', async () => {
  const emulator = await startGoogleEmulator({ accessToken: 'narrow-token', scopes: [SCOPES.contacts], seed: { contacts: 3, otherContacts: 2, from: 10 } });
  process.env.SCOPES_GOOGLE_TOKEN = 'narrow-token';
  try {
    const all = await project(files(emulator.url, 'all')).run('plan');
    assert.is(all.code, 1, all.stdout);
    assert.match(all.stderr, 'ACCESS_TOKEN_SCOPE_INSUFFICIENT');
    assert.match(all.stderr, SCOPES.otherReadonly);
    assert.not.match(all.stderr, /\n\s+at /, 'no stack trace');
    const contacts = await project(files(emulator.url, 'contacts')).run('plan');
    assert.is(contacts.code, 0, contacts.stderr);
  } finally {
    delete process.env.SCOPES_GOOGLE_TOKEN;
    await emulator.close();
  }
});

test.run();
