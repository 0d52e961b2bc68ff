/**
 * Malformed configurations: each reports the right code at the right file:line:col, in one run,
 * with exit code 1 and no stack trace.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project } from '../helpers/project.js';

const CONNECTIONS = `connections:
  a:
    app: local
  b:
    app: local
`;

const sync = (body: string) => `sync:
  name: s
  object: contacts
${body}`;

const GOOD = `  left: { connection: a }
  right: { connection: b }
  direction: two-way
  conflict: { winner: a }
`;

interface Case {
  name: string;
  files: Record<string, string | Uint8Array>;
  expect: Array<[code: string, where: string]>;
}

const cases: Case[] = [
  { name: 'unknown top-level key (did you mean)', files: { 'syncs/s.yaml': `synk:\n  name: s\n` }, expect: [['unknown-key', 'syncs/s.yaml:1:1']] },
  { name: 'unknown key in a sync', files: { 'syncs/s.yaml': sync(GOOD + '  directon: two-way\n') }, expect: [['unknown-key', 'syncs/s.yaml:8:3']] },
  {
    name: 'missing required key',
    files: { 'syncs/s.yaml': sync('  left: { connection: a }\n  right: { connection: b }\n') },
    expect: [['missing-key', 'syncs/s.yaml:2:3']],
  },
  { name: 'wrong type', files: { 'syncs/s.yaml': sync(GOOD + '  enabled: "yes"\n') }, expect: [['wrong-type', 'syncs/s.yaml:8:12']] },
  { name: 'invalid enum value', files: { 'syncs/s.yaml': sync(GOOD.replace('two-way', 'both-ways')) }, expect: [['invalid-value', 'syncs/s.yaml:6:14']] },
  {
    name: 'invalid app in a connection',
    files: { 'syncs/c.yaml': 'connections:\n  a:\n    app: hubspott\n' },
    expect: [['invalid-value', 'syncs/c.yaml:3:10']],
  },
  { name: 'sync name pattern', files: { 'syncs/s.yaml': sync(GOOD).replace('name: s', 'name: My Sync') }, expect: [['invalid-value', 'syncs/s.yaml:2:9']] },
  {
    name: 'bad duration',
    files: { 'syncs/s.yaml': sync(GOOD.replace('{ winner: a }', '{ winner: a, clock_skew: soon }')) },
    expect: [['invalid-value', 'syncs/s.yaml:7:38']],
  },
  {
    name: 'inline credential instead of env',
    files: { 'syncs/c.yaml': 'connections:\n  h:\n    app: hubspot\n    access_token: pat-na1-secret\n' },
    expect: [['inline-secret', 'syncs/c.yaml:4:19']],
  },
  { name: 'YAML syntax error', files: { 'syncs/s.yaml': 'sync:\n  name: [unclosed\n' }, expect: [['yaml-syntax', 'syncs/s.yaml:2:9']] },
  { name: 'duplicate key', files: { 'syncs/s.yaml': sync(GOOD + '  direction: one-way\n') }, expect: [['duplicate-key', 'syncs/s.yaml:8:3']] },
  { name: 'tab indentation', files: { 'syncs/s.yaml': 'sync:\n\tname: s\n' }, expect: [['tab-indent', 'syncs/s.yaml:2:1']] },
  {
    name: 'non-UTF-8 bytes',
    files: { 'syncs/s.yaml': new Uint8Array([0x73, 0x79, 0x6e, 0x63, 0x3a, 0x0a, 0x20, 0x20, 0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0x0a]) },
    expect: [['encoding', 'syncs/s.yaml:2:9']],
  },
  { name: 'file too large', files: { 'syncs/s.yaml': `# ${'x'.repeat(1024 * 1024 + 10)}\n` }, expect: [['file-too-large', 'syncs/s.yaml:1:1']] },
  {
    name: 'billion laughs aliases',
    files: {
      'syncs/s.yaml':
        'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    },
    expect: [['alias-limit', 'syncs/s.yaml:2:8']],
  },
  { name: 'two documents in one file', files: { 'syncs/s.yaml': sync(GOOD) + '---\nsync: {}\n' }, expect: [['multiple-documents', 'syncs/s.yaml:9:1']] },
  { name: 'empty file', files: { 'syncs/s.yaml': '# nothing here\n' }, expect: [['empty-file', 'syncs/s.yaml:1:1']] },
  {
    name: 'unknown connection (did you mean)',
    files: { 'syncs/s.yaml': sync(GOOD.replace('connection: b', 'connection: bb')) },
    expect: [['unknown-connection', 'syncs/s.yaml:5:24']],
  },
  {
    name: 'winner is not one of the two apps',
    files: { 'syncs/s.yaml': sync(GOOD.replace('winner: a', 'winner: c')), 'syncs/d.yaml': 'connections:\n  c:\n    app: local\n' },
    expect: [['winner-not-in-sync', 'syncs/s.yaml:7:23']],
  },
  { name: 'one-way without from', files: { 'syncs/s.yaml': sync(GOOD.replace('two-way', 'one-way')) }, expect: [['missing-from', 'syncs/s.yaml:6:14']] },
  { name: 'from on a two-way sync', files: { 'syncs/s.yaml': sync(GOOD + '  from: a\n') }, expect: [['from-without-one-way', 'syncs/s.yaml:8:3']] },
  { name: 'duplicate sync names', files: { 'syncs/s.yaml': sync(GOOD), 'syncs/t.yaml': sync(GOOD) }, expect: [['duplicate-sync', 'syncs/t.yaml:2:9']] },
  {
    name: 'duplicate connection names',
    files: { 'syncs/d.yaml': 'connections:\n  a:\n    app: local\n' },
    expect: [['duplicate-connection', 'syncs/d.yaml:2:3']],
  },
  {
    name: 'unknown field (did you mean)',
    files: { 'syncs/s.yaml': sync(GOOD + '  fields:\n    - left: emial\n      right: email\n') },
    expect: [['unknown-field', 'syncs/s.yaml:9:13']],
  },
  {
    name: 'incompatible types',
    files: { 'syncs/s.yaml': sync(GOOD + '  fields:\n    - left: city\n      right: score\n') },
    expect: [['incompatible-types', 'syncs/s.yaml:10:14']],
  },
  {
    name: 'read-only target field',
    files: { 'syncs/s.yaml': sync(GOOD + '  fields:\n    - left: city\n      right: lastmodifieddate\n') },
    expect: [['read-only-field', 'syncs/s.yaml:10:14']],
  },
  {
    name: 'two-way field in a one-way sync writes to the source',
    files: { 'syncs/s.yaml': sync(GOOD.replace('two-way', 'one-way') + '  from: a\n  fields:\n    - left: city\n      right: city\n      sync: two-way\n') },
    expect: [['writes-to-source', 'syncs/s.yaml:12:13']],
  },
  {
    name: 'a required mapping switched off',
    files: { 'syncs/s.yaml': sync(GOOD + '  fields:\n    - left: email\n      right: email\n      required: true\n      enabled: false\n') },
    expect: [['required-mapping-disabled', 'syncs/s.yaml:12:16']],
  },
  {
    name: 'two mappings into one field',
    files: { 'syncs/s.yaml': sync(GOOD + '  mappings: none\n  fields:\n    - left: city\n      right: city\n    - left: country\n      right: city\n') },
    expect: [['duplicate-mapping', 'syncs/s.yaml:12:7']],
  },
  {
    name: 'Google filter on a local connection',
    files: { 'syncs/s.yaml': sync(GOOD.replace('{ connection: b }', '{ connection: b, starred: true }')) },
    expect: [['option-not-supported', 'syncs/s.yaml:5:27']],
  },
  {
    name: 'no credentials for a real app',
    files: { 'syncs/h.yaml': 'connections:\n  hs:\n    app: hubspot\n' },
    expect: [['missing-credentials', 'syncs/h.yaml:2:3']],
  },
  {
    name: 'secret without a secrets file',
    files: { 'syncs/h.yaml': 'connections:\n  hs:\n    app: hubspot\n    access_token: { secret: HS }\n' },
    expect: [['missing-secrets-file', 'syncs/h.yaml:4:29']],
  },
  {
    name: 'unknown association sync',
    files: { 'syncs/s.yaml': sync(GOOD + '  associations:\n    - sync: companiez\n') },
    expect: [['unknown-sync', 'syncs/s.yaml:9:13']],
  },
  {
    name: 'Google cannot sync deals (R6)',
    files: {
      'syncs/g.yaml': 'connections:\n  g:\n    app: google\n    sandbox: true\n',
      'syncs/s.yaml': sync(GOOD.replace('connection: b', 'connection: g')).replace('contacts', 'deals'),
    },
    expect: [['object-not-supported', 'syncs/s.yaml:3:11']],
  },
  {
    name: 'filter on an unknown field',
    files: { 'syncs/s.yaml': sync(GOOD + '  filters:\n    initial:\n      left:\n        - { field: stage, op: equals, value: lead }\n') },
    expect: [['unknown-field', 'syncs/s.yaml:11:20']],
  },
  {
    name: 'condition without a value',
    files: { 'syncs/s.yaml': sync(GOOD + '  filters:\n    include:\n      left:\n        - { field: city, op: equals }\n') },
    expect: [['missing-key', 'syncs/s.yaml:11:11']],
  },
  {
    name: 'R17: Google labels cannot be synced',
    files: {
      'syncs/g.yaml': 'connections:\n  g:\n    app: google\n    sandbox: true\n',
      'syncs/s.yaml': sync(GOOD.replace('connection: b', 'connection: g') + '  fields:\n    - left: notes\n      right: labels\n'),
    },
    expect: [['unsyncable-field', 'syncs/s.yaml:10:14']],
  },
  {
    name: 'same connection on both sides',
    files: { 'syncs/s.yaml': sync(GOOD.replace('connection: b', 'connection: a')) },
    expect: [['same-connection', 'syncs/s.yaml:5:24']],
  },
];

const test = suite('malformed configuration');

for (const c of cases) {
  test(c.name, async () => {
    const files: Record<string, string> = {};
    const p = project(files);
    if (!('syncs/c.yaml' in c.files)) p.write('syncs/c.yaml', CONNECTIONS);
    for (const [path, content] of Object.entries(c.files)) {
      if (typeof content === 'string') p.write(path, content);
      else (await import('node:fs')).writeFileSync(`${p.dir}/${path}`, content);
    }
    const result = await p.run('validate', '--json');
    const report = JSON.parse(result.stdout) as {
      status: string;
      diagnostics: Array<{ code: string; file: string; line: number; col: number; severity: string; hint?: string }>;
    };
    assert.is(result.code, 1, JSON.stringify(report.diagnostics));
    assert.is(report.status, 'error');
    for (const [code, where] of c.expect) {
      const found = report.diagnostics.find((d) => d.code === code);
      assert.ok(found, `expected ${code}, got ${JSON.stringify(report.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}:${d.col}`))}`);
      assert.is(`${found!.file}:${found!.line}:${found!.col}`, where);
    }
    assert.not.match(result.stderr, '    at ');
  });
}

test('all problems in all files are reported in one run, rendered with a caret and a hint', async () => {
  const p = project({
    'syncs/c.yaml': CONNECTIONS,
    'syncs/s.yaml': sync(GOOD.replace('two-way', 'to-way') + '  fields:\n    - left: emial\n      right: email\n'),
    'syncs/t.yaml': 'sync:\n  nam: t\n',
  });
  const result = await p.run('validate');
  assert.is(result.code, 1);
  assert.match(result.stderr, 'syncs/s.yaml:6:14 error[invalid-value]');
  assert.match(result.stderr, 'did you mean `two-way`?');
  assert.match(result.stderr, 'syncs/t.yaml:2:3 error[unknown-key] unknown key `nam`');
  assert.match(result.stderr, 'did you mean `name`?');
  assert.match(result.stderr, /\n\s+\| +\^+/);
});

test('anchors, aliases and merge keys are plain YAML features and work within the alias limit', async () => {
  const p = project({
    'syncs/c.yaml': CONNECTIONS,
    'syncs/s.yaml': `x-common: &common
  direction: two-way
  conflict: { winner: a }
sync:
  name: s
  object: contacts
  left: { connection: a }
  right: { connection: b }
  <<: *common
`,
  });
  const result = await p.run('validate', '--json');
  const report = JSON.parse(result.stdout);
  // `x-` keys hold anchors; the merged keys count as written in place.
  assert.equal(report.diagnostics, []);
  assert.is(result.code, 0);
});

test('the shipped examples validate', async () => {
  const { cpSync } = await import('node:fs');
  const p = project();
  cpSync(new URL('../../syncs', import.meta.url), `${p.dir}/syncs`, { recursive: true });
  const result = await p.run('validate');
  assert.is(result.code, 0, result.stderr);
});

test.run();
