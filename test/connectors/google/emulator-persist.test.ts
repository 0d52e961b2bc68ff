/**
 * The emulator keeps its data in a JSON file across restarts: contacts, groups and the change
 * sequence, so a sync token from before a restart still works after it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawClient, startEmulator } from './helpers.js';

const test = suite('google emulator: persistence');
const dir = mkdtempSync(join(tmpdir(), 'crmsync-google-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('data and sync positions survive a restart; the seed only fills an empty store', async () => {
  const file = join(dir, 'google.json');
  const first = await startEmulator({ file, seed: { contacts: 3 } });
  const client = rawClient(first);
  const listed = await client.people.connections.list({ resourceName: 'people/me', personFields: 'names', requestSyncToken: true });
  const token = listed.data.nextSyncToken!;
  await client.people.createContact({ personFields: 'names', requestBody: { names: [{ givenName: 'Kept' }] } });
  await first.close();
  assert.ok(existsSync(file));

  const second = await startEmulator({ file, seed: { contacts: 3 } });
  try {
    assert.is(second.store.people.size, 4);
    const sync = await rawClient(second).people.connections.list({
      resourceName: 'people/me',
      personFields: 'names',
      syncToken: token,
      requestSyncToken: true,
    });
    assert.equal(
      sync.data.connections!.map((p) => p.names![0]!.givenName),
      ['Kept'],
    );
  } finally {
    await second.close();
  }
});

test.run();
