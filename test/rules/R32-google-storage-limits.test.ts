/**
 * R32: a Google account holds a limited number of contacts (Other contacts and Trash included)
 * and a contact has a maximum size; past either, Google answers with a storage-quota error. Each
 * refused record becomes a failure of category `quota` with the remedy as its hint, nothing else
 * is written, and once room is made the next run creates what was refused. The limits (25,000 and
 * 128 KB) are shrunk on an emulator the test runs, reached as a real Google connection.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startGoogleEmulator, type GoogleEmulator } from '../../src/connectors/google/emulator/server.js';
import { project, type Project } from '../helpers/project.js';
import { syncFile } from '../helpers/fixtures.js';

const test = suite('R32 Google storage limits');

const ctx = { google: undefined as unknown as GoogleEmulator };
const TOKEN = 'r32-google-token';

test.before(async () => {
  ctx.google = await startGoogleEmulator({
    accessToken: TOKEN,
    limits: { maxContacts: 4, maxContactBytes: 4096 },
    seed: { contacts: 3, otherContacts: 1, from: 100 },
  });
  process.env.R32_GOOGLE_TOKEN = TOKEN;
});
test.after(async () => {
  delete process.env.R32_GOOGLE_TOKEN;
  await ctx.google.close();
});

const live = () => [...ctx.google.store.people.values()].filter((x) => x.state === 'live');
const retryNow = (p: Project) => {
  const state = p.state();
  for (const f of state.syncs.contacts!.failures) f.retryAfter = '2000-01-01T00:00:00.000Z';
  p.write('.crmsync/state.json', JSON.stringify(state));
};

test('R32: a full account and an oversized contact fail with category quota and the remedy; emptying Trash lets the rest in', async () => {
  const { store } = ctx.google;
  // Three contacts and one Other contact; one contact goes to Trash, where it still counts: full.
  store.trash(live().find((x) => x.kind === 'contact')!);
  assert.is(store.usedSlots(), 4);
  const p = project({
    'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox: { seed: { contacts: 2, companies: 0, from: 0 } }
  google:
    app: google
    root_url: ${ctx.google.url}/
    access_token: { env: R32_GOOGLE_TOKEN }
`,
    'syncs/contacts.yaml': syncFile(
      'contacts',
      'crm',
      'google',
      `direction: one-way
from: crm
fields:
  - { left: notes, right: notes }`,
    ),
  });
  assert.is((await p.run('plan')).code, 0);
  p.editStore('crm', (d) => (d.objects.contacts!.records['1']!.fields.notes = 'x'.repeat(5000)));
  const before = live().length;

  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 3, applied.stderr); // records failed: incomplete
  assert.match(applied.stdout, 'Apply incomplete: 0 created, 0 updated, 0 deleted, 0 linked, 0 association(s) added, 2 failed');
  assert.is(live().length, before, 'nothing was created in Google');
  const failures = p
    .state()
    .syncs.contacts!.failures.map((f) => [f.id, f.category, f.code])
    .sort();
  assert.equal(failures, [
    ['1', 'quota', 'CONTACT_SIZE_LIMIT_EXCEEDED'],
    ['2', 'quota', 'CONTACT_LIMIT_EXCEEDED'],
  ]);
  assert.equal(p.state().syncs.contacts!.links, []);
  const status = await p.run('status');
  assert.match(status.stdout, '2 failed');
  assert.match(status.stdout, /quota: 2 \(hint: .*\(R32\): empty Trash and Other contacts, delete duplicates, or shrink large contacts/);

  // The user empties Trash: the ordinary contact goes in, the large one still fails.
  assert.is(store.emptyTrash(), 1);
  retryNow(p);
  const again = await p.run('apply', '--yes');
  assert.is(again.code, 3, again.stderr); // the large contact still fails
  assert.match(again.stdout, '1 created');
  assert.is(live().length, before + 1);
  assert.equal(
    p.state().syncs.contacts!.failures.map((f) => [f.id, f.code]),
    [['1', 'CONTACT_SIZE_LIMIT_EXCEEDED']],
  );
  assert.is(p.state().syncs.contacts!.links.length, 1);
});

test.run();
