/** Local store ↔ Google Contacts (sandbox emulator) through the CLI: initial sync, changes, convergence. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import { project, records } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const FILES = {
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox:
      seed: { contacts: 30, companies: 0, from: 0 }
  google:
    app: google
    sandbox:
      seed: { contacts: 30, from: 15 }
`,
  'syncs/contacts.yaml': syncFile(
    'crm-google',
    'crm',
    'google',
    `direction: two-way
conflict: { winner: crm }`,
    'contacts',
  ),
};

async function googlePeople(dir: string) {
  const emulator = await startGoogleEmulator({ accessToken: SANDBOX_TOKEN, file: `${dir}/.crmsync/sandbox/google.json` });
  try {
    return [...emulator.store.people.values()].filter((p) => p.kind === 'contact');
  } finally {
    await emulator.close();
  }
}

test('R3/R24/R17: the initial sync links 15 shared people by email and creates 15 each way; a rerun changes nothing', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, '30 created');
  assert.match(first.stdout, '15 linked');
  assert.is(records(p.store('crm')).length, 45);
  const people = await googlePeople(p.dir);
  assert.is(people.length, 45);
  const again = await p.run('plan', '--detailed-exitcode');
  assert.is(again.code, 0, again.stdout);
  // A change in Google reaches the local store.
  const crmRecord = records(p.store('crm'))[0]!;
  p.editStore('crm', (d) => (d.objects.contacts!.records[crmRecord.id]!.fields.jobtitle = 'Head of Tests'));
  const applied = await p.run('apply', '--yes');
  assert.match(applied.stdout, '1 updated');
  const person = (await googlePeople(p.dir)).find((x) => JSON.stringify(x).includes(String(crmRecord.fields.email)));
  assert.match(JSON.stringify(person), 'Head of Tests');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
