/**
 * Issue 10.10: a YAML syntax error is reported once, where the broken construct starts, and the
 * errors that only follow from the unparsable file (names it would have declared) are not.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project } from '../helpers/project.js';

const test = suite('a syntax error does not cascade');

interface Diag {
  code: string;
  file: string;
  line: number;
  col: number;
  severity: string;
  hint?: string;
}
const at = (d: Diag) => `${d.code}@${d.file}:${d.line}:${d.col}`;

async function errors(p: ReturnType<typeof project>) {
  const r = await p.run('validate', '--json');
  assert.is(r.code, 1);
  return (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics.filter((d) => d.severity === 'error').map(at);
}

test('an unclosed flow map in connections.yaml: one error, at the `{`, none in the files that use its connections', async () => {
  const p = project();
  cpSync(new URL('../../syncs', import.meta.url), `${p.dir}/syncs`, { recursive: true });
  const file = `${p.dir}/syncs/connections.yaml`;
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes('seed: { contacts: 40, companies: 8, from: 0 }')) + 1;
  writeFileSync(file, text.replace('seed: { contacts: 40, companies: 8, from: 0 }', 'seed: { contacts: 40, companies: 8, from: 0'));
  assert.equal(await errors(p), [`yaml-syntax@syncs/connections.yaml:${line}:13`]);
});

const CONNECTIONS = 'connections:\n  a:\n    app: local\n  b:\n    app: local\n';
const SYNC = (name: string, extra = '') =>
  `sync:\n  name: ${name}\n  object: contacts\n  left: { connection: a }\n  right: { connection: b }\n  direction: two-way\n${extra}`;

for (const [name, text, where] of [
  ['an unclosed flow sequence', 'sync:\n  name: [unclosed\n', '2:9'],
  ['an unclosed double quote', 'sync:\n  name: "unclosed\n  object: contacts\n\nx-other: 1\n', '2:9'],
  ['an unclosed single quote', "sync:\n  object: contacts\n  name: 'unclosed\n", '3:9'],
  ['an unclosed nested flow map', 'sync:\n  left: { connection: { x: 1 }\n  right: 2\n', '2:9'],
] as const) {
  test(`${name} is reported where it starts`, async () => {
    const p = project({ 'syncs/c.yaml': CONNECTIONS, 'syncs/s.yaml': text });
    assert.equal(await errors(p), [`yaml-syntax@syncs/s.yaml:${where}`]);
  });
}

test('an association to a sync in an unparsable file is not reported as unknown', async () => {
  const p = project({
    'syncs/c.yaml': CONNECTIONS,
    'syncs/companies.yaml': 'sync:\n  name: companies\n  object: [companies\n',
    'syncs/contacts.yaml': SYNC('contacts', '  associations:\n    - sync: companies\n'),
  });
  assert.equal(await errors(p), ['yaml-syntax@syncs/companies.yaml:3:11']);
});

test('an association to a sync whose file has a shape error is not reported as unknown', async () => {
  const p = project({
    'syncs/c.yaml': CONNECTIONS,
    'syncs/companies.yaml': SYNC('companies').replace('object: contacts', 'object: companies') + '  directon: two-way\n',
    'syncs/contacts.yaml': SYNC('contacts', '  associations:\n    - sync: companies\n'),
  });
  assert.equal(await errors(p), ['unknown-key@syncs/companies.yaml:7:3']);
});

test('a secret whose settings file is unparsable is not reported as lacking a secrets file', async () => {
  const p = project({
    'syncs/c.yaml': 'connections:\n  h:\n    app: hubspot\n    access_token: { secret: HS }\n',
    'syncs/settings.yaml': 'settings:\n  secrets_file: "unclosed\n',
  });
  assert.equal(await errors(p), ['yaml-syntax@syncs/settings.yaml:2:17']);
});

test('with every file parsed, an undeclared connection is still an error', async () => {
  const p = project({ 'syncs/c.yaml': CONNECTIONS, 'syncs/s.yaml': SYNC('s').replace('connection: b', 'connection: bb') });
  assert.equal(await errors(p), ['unknown-connection@syncs/s.yaml:5:24']);
});

test.run();
