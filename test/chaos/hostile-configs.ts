/**
 * Hostile configurations, generated deterministically from a seed: mutations of a project's sync
 * files, in the data (wrong types, huge and odd values, deep nesting, unicode, bad references, odd
 * names) and in the bytes (invalid UTF-8, NUL and control bytes, BOMs, truncation, tabs, alias
 * bombs). Each mutant is a whole project: a map from file name to its bytes.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { prng as random } from '../../src/connectors/shared/emulator-http.js';

export type Files = Record<string, string | Uint8Array>;

export interface Mutant {
  /** What was done, for the failure message. */
  name: string;
  files: Files;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Values a field may be given instead of the right one. */
const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 64,
  -0,
  1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  ' ',
  '\t',
  'x'.repeat(100_000),
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'prototype',
  'ñandú',
  'Zoë',
  '👩‍💻',
  '\u202egnp.exe',
  'a\u200bb',
  'a\u0000b',
  '../../etc/passwd',
  '/dev/zero',
  '.',
  '~',
  /* a literal ${HOME}, split so no linter takes it for a template */ '$' + '{HOME}',
  "'; DROP TABLE contacts; --",
  '<script>',
  '%s%s%s',
  '{{7*7}}',
  [],
  [null],
  [[[]]],
  {},
  { env: 'X' },
  { secret: '' },
  { __proto__: 'x' },
  { constructor: { prototype: 1 } },
  ['a', 1, true, null],
];

/** Keys a mapping may gain. */
const ODD_KEYS: readonly string[] = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'nam',
  'fieldz',
  '',
  ' ',
  'ключ',
  '🔑',
  'a'.repeat(5000),
  '<<',
  '0',
  '-1',
];

type Path = Array<string | number>;

/** Every path in the data, for picking where to mutate. */
function paths(node: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(node)) node.forEach((v, i) => paths(v, [...at, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) paths(v, [...at, k], out);
  return out;
}

function nested(depth: number, leaf: unknown, asList: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asList ? [value] : { deeper: value };
  return value;
}

type DataMutation = (doc: Document, path: Path, rand: () => number) => string;

const DATA_MUTATIONS: Record<string, DataMutation> = {
  'odd value': (doc, path, rand) => {
    const v = pick(rand, ODD_VALUES);
    doc.setIn(path, doc.createNode(v));
    return `${path.join('.')} = ${JSON.stringify(v)?.slice(0, 40)}`;
  },
  'deleted key': (doc, path) => {
    if (path.length) doc.deleteIn(path);
    return `deleted ${path.join('.')}`;
  },
  'odd key added': (doc, path, rand) => {
    const node = doc.getIn(path, true);
    const key = pick(rand, ODD_KEYS);
    if (isMap(node)) node.set(doc.createNode(key), doc.createNode(pick(rand, ODD_VALUES)));
    else doc.setIn(path, doc.createNode({ [key]: pick(rand, ODD_VALUES) }));
    return `${path.join('.')} gains key ${JSON.stringify(key).slice(0, 30)}`;
  },
  'deep nesting': (doc, path, rand) => {
    const depth = pick(rand, [20, 100, 400]);
    doc.setIn(path, doc.createNode(nested(depth, 'x', rand() < 0.5)));
    return `${path.join('.')} nested ${depth} deep`;
  },
  'wrong container': (doc, path) => {
    const node = doc.getIn(path, true);
    const data = (node as { toJSON?: () => unknown })?.toJSON?.() ?? (isScalar(node) ? node.value : null);
    doc.setIn(path, doc.createNode(isSeq(node) ? { list: data } : isMap(node) ? [data] : [data, data]));
    return `${path.join('.')} wrapped in the other container`;
  },
  'renamed reference': (doc, path, rand) => {
    const node = doc.getIn(path, true);
    if (isScalar(node) && typeof node.value === 'string')
      node.value = pick(rand, [`${node.value}x`, node.value.toUpperCase(), `${node.value} `, 'constructor', 'nope', '']);
    else doc.setIn(path, 'nope');
    return `${path.join('.')} renamed`;
  },
  'huge list': (doc, path, rand) => {
    const n = pick(rand, [1000, 2500]);
    doc.setIn(path, doc.createNode(Array.from({ length: n }, (_, i) => ({ left: `f${i}`, right: `f${i}` }))));
    return `${path.join('.')} = list of ${n}`;
  },
};

type ByteMutation = (bytes: Buffer, rand: () => number) => { bytes: Buffer; what: string };

const at = (bytes: Buffer, rand: () => number) => Math.floor(rand() * (bytes.length + 1));
const splice = (bytes: Buffer, i: number, insert: Buffer | number[], remove = 0) =>
  Buffer.concat([bytes.subarray(0, i), Buffer.from(insert), bytes.subarray(i + remove)]);

const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  'invalid UTF-8 byte': (b, r) => ({ bytes: splice(b, at(b, r), [pick(r, [0xff, 0xc0, 0x80, 0xed, 0xf5])]), what: 'a byte that is not UTF-8' }),
  'truncated UTF-8 sequence at the end': (b) => ({ bytes: Buffer.concat([b, Buffer.from([0xe2, 0x82])]), what: 'half a character at the end' }),
  'NUL byte': (b, r) => ({ bytes: splice(b, at(b, r), [0]), what: 'a NUL byte' }),
  'control bytes': (b, r) => ({ bytes: splice(b, at(b, r), [0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x08]), what: 'terminal escape and control bytes' }),
  truncated: (b, r) => ({ bytes: b.subarray(0, at(b, r)), what: 'cut short' }),
  'BOM twice': (b) => ({ bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), b]), what: 'two byte-order marks' }),
  'UTF-16': (b) => ({ bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]), what: 'saved as UTF-16' }),
  'CRLF and tabs': (b) => ({
    bytes: Buffer.from(
      b
        .toString('utf8')
        .replace(/\n/g, '\r\n')
        .replace(/^( {2})/gm, '\t'),
    ),
    what: 'CRLF line ends and tab indentation',
  }),
  'lone CR line ends': (b) => ({ bytes: Buffer.from(b.toString('utf8').replace(/\n/g, '\r')), what: 'CR line ends' }),
  'unclosed flow': (b, r) => ({
    bytes: splice(b, at(b, r), Buffer.from(pick(r, ['[', '{', '"', "'", '{ a: [', '&a [*a]']))),
    what: 'an unclosed bracket or quote',
  }),
  'alias bomb': (b) => ({
    bytes: Buffer.concat([
      b,
      Buffer.from(
        '\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n' +
          Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n') +
          '\n',
      ),
    ]),
    what: 'a billion-laughs alias bomb',
  }),
  'second document': (b) => ({ bytes: Buffer.concat([b, Buffer.from('\n---\nsync: { name: again }\n')]), what: 'a second YAML document' }),
  'odd tags': (b) => ({
    bytes: Buffer.concat([b, Buffer.from('\nweird: !!binary aGVsbG8=\nodd: !custom { a: 1 }\nset: !!set { a, b }\n')]),
    what: 'YAML tags',
  }),
  'duplicate keys': (b) => ({ bytes: Buffer.concat([b, b]), what: 'the whole file twice (duplicate keys)' }),
  'huge line': (b, r) => ({ bytes: splice(b, at(b, r), Buffer.from(`# ${'y'.repeat(200_000)}\n`)), what: 'a 200 KB comment' }),
  'deep flow nesting': (b) => ({
    bytes: Buffer.concat([b, Buffer.from(`\ndeep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`)]),
    what: '20,000 nested brackets',
  }),
  'random bytes': (_b, r) => ({ bytes: Buffer.from(Array.from({ length: 64 + Math.floor(r() * 512) }, () => Math.floor(r() * 256))), what: 'random bytes' }),
  'RTL and zero-width in names': (b) => ({
    bytes: Buffer.from(b.toString('utf8').replace(/name: ([a-z-]+)/, 'name: $1\u202e\u200b')),
    what: 'bidi override in a name',
  }),
};

/** `count` mutants of `base`: about a third byte-level, the rest data-level, each on one file. */
export function mutants(base: Record<string, string>, count: number, seed: number): Mutant[] {
  const rand = random(seed);
  const names = Object.keys(base).filter((n) => n.startsWith('syncs/'));
  const out: Mutant[] = [];
  const dataKinds = Object.keys(DATA_MUTATIONS);
  const byteKinds = Object.keys(BYTE_MUTATIONS);
  for (let i = 0; i < count; i++) {
    const file = pick(rand, names);
    const files: Files = { ...base };
    if (i % 3 === 2) {
      const kind = byteKinds[Math.floor(i / 3) % byteKinds.length]!;
      const { bytes, what } = BYTE_MUTATIONS[kind]!(Buffer.from(base[file]!), rand);
      files[file] = bytes;
      out.push({ name: `#${i} ${file}: ${what}`, files });
      continue;
    }
    const doc = parseDocument(base[file]!);
    const all = paths(doc.toJS());
    const path = pick(rand, all);
    const kind = pick(rand, dataKinds);
    const what = DATA_MUTATIONS[kind]!(doc, path, rand);
    files[file] = doc.toString({ lineWidth: 0 });
    out.push({ name: `#${i} ${file}: ${kind}: ${what}`, files });
  }
  return out;
}
