/**
 * With the state in PostgreSQL, `apply F` of a plan saved with `plan --sync X --out F` leases only
 * X: a CI matrix of one job per sync, each applying its saved plan, runs its jobs at the same time.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PostgresBackend } from '../../src/state/postgres/backend.js';
import { freshDatabase } from '../helpers/postgres.js';
import { project, records } from '../helpers/project.js';

const test = suite('saved plans of one sync: leases in PostgreSQL');

const seed = (n: number) => `{ seed: { contacts: ${n}, companies: 0, from: 0 } }`;
const sync = (name: string, left: string, right: string) => `sync:
  name: ${name}
  object: contacts
  left: { connection: ${left} }
  right: { connection: ${right} }
  direction: two-way
  conflict: { winner: ${left} }
  match: { keys: none }
`;

function twoSyncs() {
  return project({
    'syncs/settings.yaml': 'settings:\n  state: { env: CRMSYNC_STATE_URL }\n',
    'syncs/connections.yaml': `connections:
  a1: { app: local, sandbox: ${seed(30)} }
  b1: { app: local, sandbox: ${seed(0)} }
  a2: { app: local, sandbox: ${seed(20)} }
  b2: { app: local, sandbox: ${seed(0)} }
`,
    'syncs/one.yaml': sync('one', 'a1', 'b1'),
    'syncs/two.yaml': sync('two', 'a2', 'b2'),
  });
}

test("while sync one is leased, apply of two's saved plan runs; apply of one's is refused naming one", async () => {
  const url = await freshDatabase('saved_leases');
  const p = twoSyncs();
  process.env.CRMSYNC_STATE_URL = url;
  const backend = new PostgresBackend(url);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let leased!: () => void;
  const isLeased = new Promise<void>((r) => (leased = r));
  let holder: Promise<void> | undefined;
  try {
    for (const name of ['one', 'two']) assert.is((await p.run('plan', '--sync', name, '--out', `${name}.json`)).code, 0);
    holder = backend.withState('apply', { syncs: ['one'] }, async () => {
      leased();
      await released;
    });
    await isLeased;
    const two = await p.run('apply', 'two.json');
    assert.is(two.code, 0, two.stdout + two.stderr);
    assert.is(records(p.store('b2')).length, 20);
    const one = await p.run('apply', 'one.json');
    assert.is(one.code, 1, one.stdout);
    assert.match(one.stderr, 'error[state-locked] sync one is leased by another run');
    assert.is(records(p.store('b1')).length, 0, 'the refused run wrote nothing');
    release();
    await holder;
    const after = await p.run('apply', 'one.json');
    assert.is(after.code, 0, after.stdout + after.stderr);
    assert.is(records(p.store('b1')).length, 30);
  } finally {
    release();
    await holder;
    await backend.close();
    delete process.env.CRMSYNC_STATE_URL;
  }
});

test('two saved-plan applies of different syncs, started together, both finish with no lock timeout', async () => {
  const url = await freshDatabase('saved_together');
  const p = twoSyncs();
  process.env.CRMSYNC_STATE_URL = url;
  try {
    for (const name of ['one', 'two']) assert.is((await p.run('plan', '--sync', name, '--out', `${name}.json`)).code, 0);
    const [one, two] = await Promise.all([p.run('apply', 'one.json'), p.run('apply', 'two.json')]);
    assert.is(one.code, 0, one.stdout + one.stderr);
    assert.is(two.code, 0, two.stdout + two.stderr);
    assert.is(records(p.store('b1')).length, 30);
    assert.is(records(p.store('b2')).length, 20);
    // Each apply moved only its own sync: a plan of both made now has nothing to do.
    const plan = await p.run('plan', '--detailed-exitcode');
    assert.is(plan.code, 0, plan.stdout);
  } finally {
    delete process.env.CRMSYNC_STATE_URL;
  }
});

test.run();
