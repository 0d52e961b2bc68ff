/**
 * Issue 15.8: hostile configuration and files never crash or hang crmsync. The error position of
 * invalid UTF-8 is found in one pass; files under syncs/ are regular files inside syncs/, opened
 * without blocking and read no further than the size cap; user-chosen names such as `constructor`
 * and `toString` are names like any other; file-system refusals are located errors; a symlinked
 * state file stays a symlink.
 */
import { decodeStateText } from '../../src/state/file.js';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { firstInvalidUtf8, MAX_FILE_BYTES } from '../../src/config/source.js';
import { fromSystemError } from '../../src/errors.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('hostile configuration and files');

type Json = { status: string; diagnostics: Array<{ code: string; file: string; line: number; col: number; message: string; hint?: string }> };
const located = (d: Json['diagnostics']) => d.map((x) => `${x.code}@${x.file}:${x.line}:${x.col}`);

function clean(out: string): void {
  assert.not.match(out, 'internal error');
  assert.not.match(out, /\n\s+at .*:\d+:\d+\)?\n/);
}

test('the first invalid UTF-8 byte is found as the strict decoder finds it, in one pass', () => {
  const cases: number[][] = [
    [0x61, 0xff],
    [0xc0, 0x80],
    [0xc2],
    [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x9f, 0x98],
    [0xe2, 0x82, 0xac, 0x61],
    [0xf0, 0x9f, 0x98, 0x80],
    [0x61, 0x80, 0x62],
    [0xc3, 0xa9, 0xc3],
  ];
  // And random bytes, biased towards multi-byte lead and continuation bytes.
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 2000; i++)
    cases.push(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => (rand() < 0.5 ? 0x80 + Math.floor(rand() * 0x80) : Math.floor(rand() * 0x100))));
  for (const bytes of cases) {
    const u8 = new Uint8Array(bytes);
    const at = firstInvalidUtf8(u8);
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(u8);
    } catch {
      valid = false;
    }
    assert.is(at === undefined, valid, `bytes ${bytes.map((b) => b.toString(16))}`);
    if (at !== undefined) {
      // Everything before it is valid, and decoding stops being possible at it.
      new TextDecoder('utf-8', { fatal: true }).decode(u8.subarray(0, at));
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(u8.subarray(0, bytes.length)));
    }
  }
});

test('one bad byte near the end of a 1 MB file is located (the old search took minutes)', async () => {
  const line = 'sync:\n  description: "' + 'x'.repeat(70) + '"\n';
  const body = Buffer.from(`# ${'é'.repeat(20)}\n${line.repeat(Math.floor((MAX_FILE_BYTES - 200) / line.length))}`);
  const bad = Buffer.concat([body, Buffer.from([0x23, 0x20, 0xe9, 0x0a])]);
  assert.ok(bad.length > 1_000_000 && bad.length <= MAX_FILE_BYTES);
  const p = project({ ...twoStores() });
  writeFileSync(join(p.dir, 'syncs/big.yaml'), bad);
  const started = Date.now();
  const r = await p.run('validate', '--json');
  const d = (JSON.parse(r.stdout) as Json).diagnostics;
  const lines = body.toString('utf8').split('\n').length;
  assert.equal(located(d), [`encoding@syncs/big.yaml:${lines}:3`]);
  assert.match(d[0]!.message, `byte 0xe9 at offset ${body.length + 2}`);
  // A timeout, not a benchmark: the quadratic search needed over ten minutes for this file.
  assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
});

test('a list far longer than any sync needs is refused at the list, in linear time', async () => {
  const files = twoStores();
  const items = Array.from({ length: 20_000 }, (_, i) => `      - { left: f${i}, right: f${i} }`).join('\n');
  const p = project({
    ...files,
    'syncs/contacts.yaml': `${files['syncs/contacts.yaml']!}  fields:\n    - left: email\n      right: email\n      transform:\n${items}\n`,
  });
  const started = Date.now();
  const r = await p.run('validate', '--json');
  assert.equal(located((JSON.parse(r.stdout) as Json).diagnostics), ['too-many-items@syncs/contacts.yaml:12:7']);
  // A timeout, not a benchmark: ajv's uniqueItems alone took minutes on such lists under load.
  assert.ok(Date.now() - started < 60_000, `${Date.now() - started} ms`);
});

test('YAML nested deeper than the parser can follow is a located error', async () => {
  const p = project({ ...twoStores(), 'syncs/deep.yaml': `deep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` });
  const r = await p.run('validate', '--json');
  const d = (JSON.parse(r.stdout) as Json).diagnostics;
  assert.equal(
    d.map((x) => `${x.code}@${x.file}:${x.line}`),
    ['yaml-syntax@syncs/deep.yaml:1'],
  );
  assert.match(d[0]!.message, 'nests too deeply');
});

test('terminal escapes and bidi overrides in a file never reach the terminal; a huge value is not quoted whole', async () => {
  const p = project({
    ...twoStores(),
    'syncs/odd.yaml': `sync:\n  nam\u001b[2J\u0007e: x\n  description: "\u202eevil\u202c"\n  enabled: "${'y'.repeat(50_000)}"\n`,
  });
  const r = await p.run('validate');
  assert.is(r.code, 1);
  assert.match(r.stderr, 'syncs/odd.yaml:2:3 error[unknown-key]');
  assert.not.ok(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/.test(r.stderr), JSON.stringify(r.stderr.slice(0, 400)));
  assert.match(r.stderr, '(50000 characters)');
  assert.ok(r.stderr.length < 5000, `${r.stderr.length} characters of errors`);
});

test('a plan file that is a device or a FIFO is refused, not read forever', async () => {
  const p = project(twoStores());
  execFileSync('mkfifo', [join(p.dir, 'plan.fifo')]);
  for (const file of ['/dev/zero', 'plan.fifo']) {
    const r = await p.run('apply', file, '--yes');
    assert.is(r.code, 1);
    assert.match(r.stderr, `error[plan-unreadable] the plan file ${file} is not a regular file`);
  }
});

test('a FIFO at the default state or local store path is refused, not waited on', async () => {
  for (const [path, code] of [
    ['.crmsync/state.json', 'state-corrupt'],
    ['.crmsync/local/a.json', 'store-corrupt'],
  ] as const) {
    const p = project(twoStores());
    mkdirSync(join(p.dir, '.crmsync/local'), { recursive: true });
    execFileSync('mkfifo', [join(p.dir, path)]);
    const r = await p.run('plan');
    assert.is(r.code, 1);
    assert.match(r.stderr, `error[${code}]`);
    assert.match(r.stderr, 'device, pipe or socket');
    clean(r.stderr);
  }
});

test('a FIFO under syncs/ is refused without waiting for a writer', async () => {
  const p = project(twoStores());
  execFileSync('mkfifo', [join(p.dir, 'syncs/pipe.yaml')]);
  const r = await p.run('validate', '--json');
  assert.is(r.code, 1);
  assert.equal(located((JSON.parse(r.stdout) as Json).diagnostics), ['not-a-file@syncs/pipe.yaml:1:1']);
  const plan = await p.run('plan');
  assert.is(plan.code, 1);
  assert.match(plan.stderr, 'syncs/pipe.yaml:1:1 error[not-a-file]');
  clean(plan.stderr);
});

test('a directory named like a YAML file is refused', async () => {
  const p = project(twoStores());
  mkdirSync(join(p.dir, 'syncs/folder.yaml'));
  const r = await p.run('validate', '--json');
  assert.equal(located((JSON.parse(r.stdout) as Json).diagnostics), ['not-a-file@syncs/folder.yaml:1:1']);
});

test('a symlink to /dev/zero is not read; a symlink to the secrets file is not read and no secret is printed', async () => {
  const SECRET = 'pat-na1-VERY-SECRET-0b5e';
  const p = project({
    ...twoStores(),
    'syncs/settings.yaml': 'settings:\n  secrets_file: .crmsync/secrets.env\n',
    '.crmsync/secrets.env': `HS=${SECRET}\nOTHER=also-secret-9f\n`,
  });
  symlinkSync('/dev/zero', join(p.dir, 'syncs/zero.yaml'));
  symlinkSync(join(p.dir, '.crmsync/secrets.env'), join(p.dir, 'syncs/secrets.yaml'));
  const outputs: string[] = [];
  for (const argv of [['validate'], ['validate', '--json'], ['plan'], ['apply', '--yes']]) {
    const r = await p.run(...argv);
    assert.is(r.code, 1);
    outputs.push(r.stdout, r.stderr);
  }
  const all = outputs.join('\n');
  assert.equal(located((JSON.parse(outputs[2]!) as Json).diagnostics), ['outside-syncs@syncs/secrets.yaml:1:1', 'outside-syncs@syncs/zero.yaml:1:1']);
  assert.not.match(all, SECRET);
  assert.not.match(all, 'also-secret-9f');
  clean(all);
});

test('a symlink that stays inside syncs/ is read like the file it points to', async () => {
  const files = twoStores();
  const p = project({ 'syncs/connections.yaml': files['syncs/connections.yaml']!, 'syncs/shared/contacts.yml.txt': files['syncs/contacts.yaml']! });
  symlinkSync('shared/contacts.yml.txt', join(p.dir, 'syncs/contacts.yaml'));
  const r = await p.run('validate');
  assert.is(r.code, 0, r.stderr);
});

test('a file over the size cap is refused from its size, before reading', async () => {
  const p = project(twoStores());
  writeFileSync(join(p.dir, 'syncs/huge.yaml'), Buffer.alloc(MAX_FILE_BYTES + 10, 0x20));
  const r = await p.run('validate', '--json');
  assert.equal(located((JSON.parse(r.stdout) as Json).diagnostics), ['file-too-large@syncs/huge.yaml:1:1']);
});

test('names that are also Object properties plan, apply and report like any other', async () => {
  const files = twoStores();
  const p = project({
    'syncs/connections.yaml': files['syncs/connections.yaml']!.replace('  a:\n', '  constructor:\n').replace('  b:\n', '  hasownproperty:\n'),
    'syncs/contacts.yaml': files['syncs/contacts.yaml']!.replace('name: contacts', 'name: constructor')
      .replace('connection: a', 'connection: constructor')
      .replace('connection: b', 'connection: hasownproperty')
      .replace('winner: a', 'winner: constructor'),
  });
  for (const argv of [['validate'], ['plan'], ['apply', '--yes'], ['plan', '--detailed-exitcode'], ['status']]) {
    const r = await p.run(...argv);
    clean(r.stdout + r.stderr);
    assert.is(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  }
  const name: string = 'constructor';
  assert.is(p.state().syncs[name]!.links.length, 9);
  assert.is(records(p.store('hasownproperty')).length, 9);
});

test('fields named toString, valueOf or hasOwnProperty: a missing value is blank, not an inherited function', async () => {
  const files = twoStores();
  const p = project(files);
  assert.is((await p.run('apply', '--yes')).code, 0);
  for (const s of ['a', 'b']) {
    p.editStore(s, (d) => {
      for (const n of ['toString', 'valueOf', 'hasOwnProperty']) d.objects.contacts!.fields.push({ name: n, type: 'string' });
      Object.values(d.objects.contacts!.records)[0]!.fields['valueOf' as string] = `v-${s}`;
    });
  }
  p.write(
    'syncs/contacts.yaml',
    `${files['syncs/contacts.yaml']!}  fields:\n    - { left: toString, right: toString }\n    - { left: valueOf, right: hasOwnProperty }\n    - left: jobtitle\n      right: jobtitle\n      values: { __proto__: x, constructor: y, toString: z }\n`,
  );
  const plan = await p.run('plan', '--json');
  clean(plan.stdout + plan.stderr);
  assert.is(plan.code, 0, plan.stderr);
  const ops = (JSON.parse(plan.stdout).plan as { ops: Array<{ type: string; changes?: Array<{ field: string; new: unknown }> }> }).ops;
  const changed = ops.flatMap((o) => o.changes ?? []);
  assert.ok(changed.length > 0);
  assert.ok(
    changed.every((c) => typeof c.new === 'string'),
    JSON.stringify(changed),
  );
  assert.ok(!changed.some((c) => c.field === 'toString'), 'nobody has a toString value');
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  clean(applied.stdout + applied.stderr);
});

test('an environment variable or secret named constructor or toString is not set unless the user set it', async () => {
  const sync = 'sync:\n  name: hs\n  object: contacts\n  left: { connection: a }\n  right: { connection: h }\n  direction: two-way\n';
  for (const [ref, what] of [
    ['{ env: constructor }', 'environment variable constructor'],
    ['{ secret: toString }', 'secret toString'],
  ] as const) {
    const p = project({
      ...twoStores(),
      'syncs/s.yaml': 'settings:\n  secrets_file: s.env\n',
      's.env': 'A=1\n',
      'syncs/h.yaml': `connections:\n  h:\n    app: hubspot\n    access_token: ${ref}\n`,
      'syncs/hs.yaml': sync,
    });
    const r = await p.run('plan');
    assert.is(r.code, 1);
    assert.match(r.stderr, 'error[secret-missing]');
    assert.match(r.stderr, what);
    clean(r.stderr);
  }
});

test('a state file that is a symlink stays one: its target is replaced', async () => {
  const p = project(twoStores());
  mkdirSync(join(p.dir, 'durable'));
  mkdirSync(join(p.dir, '.crmsync'), { recursive: true });
  symlinkSync('../durable/state.json', join(p.dir, '.crmsync/state.json'));
  for (let i = 0; i < 2; i++) {
    const r = await p.run('apply', '--yes');
    assert.is(r.code, 0, r.stderr);
    assert.ok(lstatSync(join(p.dir, '.crmsync/state.json')).isSymbolicLink(), 'still a link');
    assert.is(readlinkSync(join(p.dir, '.crmsync/state.json')), '../durable/state.json');
  }
  const state = decodeStateText(readFileSync(join(p.dir, 'durable/state.json'), 'utf8'), join(p.dir, 'durable/state.json'));
  assert.is(state.syncs.contacts.links.length, 9);
  assert.ok(state.serial >= 2, `serial ${state.serial}`);
});

test('a local store path that is a directory, found after validate, is a located is-a-directory error', async () => {
  const p = project(twoStores());
  assert.is((await p.run('validate')).code, 0);
  mkdirSync(join(p.dir, '.crmsync/local/b.json'), { recursive: true });
  const r = await p.run('apply', '--yes');
  assert.is(r.code, 1);
  assert.match(r.stderr, 'error[is-a-directory]');
  assert.match(r.stderr, '.crmsync/local/b.json');
  assert.match(r.stderr, 'hint: ');
  clean(r.stderr);
});

test('a read-only folder, a full disk, a missing file, a denied file: each a located code with a hint', () => {
  const cases: Array<[string, string]> = [
    ['EROFS', 'read-only'],
    ['ENOSPC', 'disk-full'],
    ['ENOENT', 'not-found'],
    ['EACCES', 'permission-denied'],
    ['EISDIR', 'is-a-directory'],
  ];
  for (const [errno, code] of cases) {
    const e = fromSystemError(Object.assign(new Error(`${errno}: x`), { code: errno, syscall: 'open', path: '/p/.crmsync/state.json.tmp' }));
    assert.is(e?.code, code);
    assert.match(e!.message, '/p/.crmsync/state.json.tmp');
    assert.ok(e!.hint);
  }
});

test.run();
