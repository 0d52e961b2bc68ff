/**
 * A new app through the public interface alone: a program passes its own registry entry (here an
 * in-memory address book, "memo") to the library API, and nothing else in crmsync changes. The
 * core asks the entry's objects, catalogue, match roles, capabilities and credential rules.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { APPS, apply, load, plan, validate, type AppEntry, type Catalogue, type Connector, type WriteResult } from '../../src/index.js';
import { project } from '../helpers/project.js';

type Row = { fields: Record<string, string>; modifiedAt: string };

const CATALOGUE: Catalogue = {
  object: 'people',
  fields: [
    { name: 'mail', type: 'email', unique: true },
    { name: 'first', type: 'string' },
  ],
};

/** The app's whole API: a map of records; every write is answered per record, keyed by ref. */
function memoConnector(rows: Map<string, Row>): Connector {
  let next = rows.size + 1;
  const now = () => new Date().toISOString();
  return {
    app: 'memo',
    identity: async () => ({ id: 'memo-account', label: 'memo account' }),
    objects: () => ['people'],
    catalogue: async () => CATALOGUE,
    read: async () => ({
      mode: 'full',
      records: [...rows].map(([id, r]) => ({ id, fields: { ...r.fields }, modifiedAt: r.modifiedAt })),
      cursor: null,
      complete: true,
    }),
    write: async (_object, ops) =>
      ops.map((op): WriteResult => {
        if (op.kind === 'create') {
          const id = `m${next++}`;
          rows.set(id, { fields: op.fields as Record<string, string>, modifiedAt: now() });
          return { ref: op.ref, ok: true, id };
        }
        if (op.kind === 'update') {
          rows.set(op.id, { fields: { ...rows.get(op.id)!.fields, ...(op.fields as Record<string, string>) }, modifiedAt: now() });
          return { ref: op.ref, ok: true, id: op.id };
        }
        rows.delete(op.id);
        return { ref: op.ref, ok: true, id: op.id };
      }),
    stats: () => ({ calls: 0, byKind: {} }),
    close: async () => undefined,
  };
}

function memoApp(rows: Map<string, Row>): AppEntry {
  return {
    label: 'Memo',
    objects: { contacts: ['people'] },
    catalogue: (object) => (object === 'people' ? CATALOGUE : undefined),
    matchRoles: { people: { email: 'mail' } },
    mappings: 'app',
    capabilities: {
      lists: false,
      folders: false,
      createFields: false,
      emailFirstImport: false,
      fieldSecurity: false,
      completeCatalogue: true,
      marker: { kind: 'built-in' },
    },
    credentials: { missing: (config) => ((config as { token?: unknown }).token ? undefined : 'add `token: { env: MEMO_TOKEN }`'), template: [] },
    open: async () => memoConnector(rows),
  };
}

const files = (token: string) => ({
  'syncs/connections.yaml': `connections:
  crm:
    app: local
    sandbox:
      seed: { contacts: 3, companies: 0, from: 0 }
  book:
    app: memo
${token}`,
  'syncs/people.yaml': `sync:
  name: people
  object: contacts
  left: { connection: crm }
  right: { connection: book }
  direction: two-way
  conflict: { winner: crm }
  fields:
    - { left: email, right: mail, transform: [trim, lowercase] }
    - { left: firstname, right: first }
`,
});

test('a registered app is validated by its own credential rule, and unknown without its entry', async () => {
  const rows = new Map<string, Row>();
  const p = project(files(''));
  const apps = { ...APPS, memo: memoApp(rows) };
  const missing = await validate({ root: p.dir, env: {}, apps });
  assert.equal(
    missing.filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.line]),
    [['missing-credentials', 'syncs/connections.yaml', 6]],
  );
  // The same files without the entry: `memo` is no app crmsync knows.
  const unknown = await validate({ root: p.dir, env: {} });
  assert.ok(
    unknown.some((d) => d.code === 'invalid-value' && d.line === 7),
    JSON.stringify(unknown),
  );
});

test('validation asks the entry its capabilities: an in-list filter needs lists (R21), folder needs folders (R20)', async () => {
  const sync =
    files('    token: { env: MEMO_TOKEN }\n')['syncs/people.yaml'].replace('  right: { connection: book }', '  right: { connection: book, folder: all }') +
    '  filters:\n    initial:\n      right: [{ field: mail, op: in-list, value: "7" }]\n';
  const p = project({ ...files('    token: { env: MEMO_TOKEN }\n'), 'syncs/people.yaml': sync });
  const errors = async (capabilities: Partial<AppEntry['capabilities']>) => {
    const memo = memoApp(new Map());
    const apps = { ...APPS, memo: { ...memo, capabilities: { ...memo.capabilities, ...capabilities } } };
    return (await validate({ root: p.dir, env: {}, apps })).filter((d) => d.severity === 'error').map((d) => [d.code, d.line]);
  };
  assert.equal(await errors({}), [
    ['option-not-supported', 5],
    ['option-not-supported', 13],
  ]);
  assert.equal(await errors({ lists: true, folders: true }), []);
});

test('plan and apply sync a registered app both ways, and a second plan has nothing to do', async () => {
  const rows = new Map<string, Row>([['m1', { fields: { mail: 'zed@memo.test', first: 'Zed' }, modifiedAt: '2026-01-01T00:00:00.000Z' }]]);
  const p = project(files('    token: { env: MEMO_TOKEN }\n'));
  const options = { root: p.dir, env: { MEMO_TOKEN: 't' }, apps: { ...APPS, memo: memoApp(rows) } };
  assert.equal(
    (await load(options)).diagnostics.filter((d) => d.severity === 'error'),
    [],
  );

  const first = await apply(options);
  assert.is(first.tally.failed, 0);
  const local = Object.values(p.store('crm').objects.contacts!.records)
    .map((r) => String(r.fields.email))
    .sort();
  const memo = [...rows.values()].map((r) => r.fields.mail).sort();
  // Three people from the store went into the memo app, and its one person into the store.
  assert.is(memo.length, 4);
  assert.equal(local, memo);

  assert.is((await plan(options)).plan.ops.length, 0);

  // An edit in the registered app flows back (two-way).
  const zed = [...rows].find(([, r]) => r.fields.mail === 'zed@memo.test')!;
  rows.set(zed[0], { fields: { ...zed[1].fields, first: 'Zedd' }, modifiedAt: new Date(Date.now() + 1000).toISOString() });
  await apply(options);
  const stored = Object.values(p.store('crm').objects.contacts!.records).find((r) => r.fields.email === 'zed@memo.test')!;
  assert.is(stored.fields.firstname, 'Zedd');
});

test.run();
