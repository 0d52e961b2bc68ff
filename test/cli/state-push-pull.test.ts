/**
 * `crmsync state push` / `state pull` move a state between the file and PostgreSQL, keeping its
 * lineage and serial, and refuse to overwrite another history or a newer state (as Terraform).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import type { StateFile } from '../../src/state/types.js';
import { freshDatabase } from '../helpers/postgres.js';
import { project, twoStores } from '../helpers/project.js';

const test = suite('state push / pull');

/** As JSON: a state read back keys its syncs on an object without a prototype. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

async function pgState(url: string): Promise<StateFile> {
  const backend = new PostgresBackend(url);
  try {
    return plain(await backend.read());
  } finally {
    await backend.close();
  }
}

test('push copies the file state into PostgreSQL as it is; the project then runs on it with nothing to change', async () => {
  const url = await freshDatabase('push');
  const p = project(twoStores());
  assert.is((await p.run('apply', '--yes')).code, 0);
  const file = p.state();
  const pushed = await p.run('state', 'push', url);
  assert.is(pushed.code, 0, pushed.stderr);
  assert.match(pushed.stdout, `lineage ${file.lineage}, serial ${file.serial}, 1 sync(s), 9 link(s)`);
  assert.match(pushed.stdout, ` to ${url}: `);
  assert.equal(await pgState(url), plain(file));
  p.write('syncs/settings.yaml', 'settings:\n  state: { env: CRMSYNC_PUSH_URL }\n');
  process.env.CRMSYNC_PUSH_URL = url;
  try {
    const plan = await p.run('plan', '--detailed-exitcode');
    assert.is(plan.code, 0, plan.stdout + plan.stderr);
  } finally {
    delete process.env.CRMSYNC_PUSH_URL;
  }
});

test('push refuses a destination that is newer or of another lineage, and leaves it untouched; --force replaces it', async () => {
  const url = await freshDatabase('newer');
  const p = project(twoStores());
  await p.run('apply', '--yes');
  assert.is((await p.run('state', 'push', url)).code, 0);
  // The database moves on (serial + 1) while the file stays behind.
  const backend = new PostgresBackend(url);
  await backend.withState('apply', { syncs: ['contacts'] }, async (state) => {
    state.data.syncs.contacts!.cursors.left = 'moved-on';
    await state.save();
  });
  await backend.close();
  const newer = await pgState(url);
  assert.is(newer.serial, p.state().serial + 1);
  const refused = await p.run('state', 'push', url);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, `error[state-newer]`);
  assert.match(refused.stderr, `(serial ${newer.serial})`);
  assert.equal(await pgState(url), newer);

  const other = project(twoStores());
  await other.run('apply', '--yes');
  const mismatch = await other.run('state', 'push', url);
  assert.is(mismatch.code, 1);
  assert.match(mismatch.stderr, 'error[state-lineage-mismatch]');
  assert.equal(await pgState(url), newer);

  const forced = await other.run('state', 'push', url, '--force');
  assert.is(forced.code, 0, forced.stderr);
  assert.equal(await pgState(url), plain(other.state()));
});

test('pull brings the newer PostgreSQL state back into the file; pulling an empty database is refused', async () => {
  const url = await freshDatabase('pull');
  const p = project(twoStores());
  await p.run('apply', '--yes');
  await p.run('state', 'push', url);
  const backend = new PostgresBackend(url);
  await backend.withState('apply', { syncs: ['contacts'] }, async (state) => {
    state.data.syncs.contacts!.links.pop();
    await state.save();
  });
  await backend.close();
  const pulled = await p.run('state', 'pull', url);
  assert.is(pulled.code, 0, pulled.stderr);
  assert.equal(plain(p.state()), await pgState(url));
  assert.is(p.state().syncs.contacts!.links.length, 8);

  const empty = await p.run('state', 'pull', await freshDatabase('empty'));
  assert.is(empty.code, 1);
  assert.match(empty.stderr, 'error[state-empty]');
  assert.is(p.state().syncs.contacts!.links.length, 8, 'the file is untouched');
});

test.run();
