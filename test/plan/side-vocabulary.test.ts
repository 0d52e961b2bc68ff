/**
 * One side vocabulary: a side is `left` or `right`, in the published schemas and in the code. Only
 * the stored forms of the state keep the compact keys `l` and `r` (what existing state files and
 * PostgreSQL rows hold), and only src/state/encode.ts, decode.ts and check.ts (which reads them)
 * may know them. This fails when `l`/`r` comes back as a side key anywhere else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STORED_FORMS = new Set(['src/state/encode.ts', 'src/state/decode.ts', 'src/state/check.ts']);
/** The emulators' own wire formats (a page token's `l`, say) are the apps', not sides. */
const EMULATOR = /^src\/connectors\/[^/]+\/emulator\//;

/** `l`/`r` as a side key: type members, string-literal keys, and reads of a link's or a base's side. */
const SIDE_KEYS: Array<[string, RegExp]> = [
  ['type member in a type literal', /[{;]\s*[lr]\??:\s[^;{}]*;/],
  ['type member on its own line', /^\s*[lr]\??:\s.*;\s*$/],
  ["'l' | 'r' keys", /'[lr]'\s*\|\s*'[lr]'|\?\s*'l'\s*:\s*'r'/],
  ['read of a side', /\b(link|links|base|key|pair|replaces|taken)\??\.[lr]\b/],
  ['pair in an object literal', /\{\s*l\??:\s[^{}]*,\s*r\??:\s/],
];

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsFiles(path, out);
    else if (path.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every `file:line: what` where code under `root`/src uses `l`/`r` as a side key. */
export function sideKeysIn(root: string): string[] {
  const found: string[] = [];
  for (const path of tsFiles(join(root, 'src'))) {
    const rel = relative(root, path).split('\\').join('/');
    if (STORED_FORMS.has(rel) || EMULATOR.test(rel)) continue;
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (/^\s*(\*|\/\*)/.test(code)) return;
        for (const [what, re] of SIDE_KEYS) if (re.test(code)) found.push(`${rel}:${i + 1}: ${what}: ${line.trim()}`);
      });
  }
  return found;
}

/** Every JSON path under `node` where an object schema declares or requires a property `l` or `r`. */
function schemaSideKeys(node: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n, i) => schemaSideKeys(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    const props = o.properties && typeof o.properties === 'object' ? Object.keys(o.properties) : [];
    const required = Array.isArray(o.required) ? (o.required as unknown[]) : [];
    for (const k of ['l', 'r']) if (props.includes(k) || required.includes(k)) out.push(`${path}: ${k}`);
    for (const [k, v] of Object.entries(o)) schemaSideKeys(v, `${path}.${k}`, out);
  }
  return out;
}

test('no published schema names a side l or r', () => {
  const dir = join(ROOT, 'schema');
  const schemas = readdirSync(dir).filter((f) => f.endsWith('.schema.json'));
  assert.ok(schemas.includes('plan.schema.json') && schemas.includes('state.schema.json'), 'the schemas are found');
  for (const name of schemas) assert.equal(schemaSideKeys(JSON.parse(readFileSync(join(dir, name), 'utf8'))), [], name);
});

test('no code outside the stored forms uses l or r as a side key', () => {
  assert.equal(sideKeysIn(ROOT), []);
});

test('the scan finds each kind of l/r side key', () => {
  const code = [
    'type BasePatch = { l: Record<string, Canon>; r: Record<string, Canon> };',
    'interface LinkState {',
    '  l: string;',
    '}',
    "const key = side === 'left' ? 'l' : 'r';",
    'const id = op.link.l;',
    'return { sync, linked: { l: found.id, r: entry.from } };',
  ];
  const hits = code.filter((line) => SIDE_KEYS.some(([, re]) => re.test(line)));
  assert.equal(hits, [code[0], code[2], code[4], code[5], code[6]]);
  // Parameters and variables named l or r are not side keys.
  for (const line of ['  l: RemoteRecord,', 'function f(l: number, r: number) {}', 'const values = l ? l.base.left : {};'])
    assert.not.ok(
      SIDE_KEYS.some(([, re]) => re.test(line)),
      line,
    );
});

test.run();
