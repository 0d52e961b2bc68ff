/**
 * Grouping never copies a group (group-by.ts): `[...(map.get(k) ?? []), x]` copied the group for
 * every item, quadratic in its size. Guarded by counting: the group an item joins is the same
 * array object from its first item to its last, and the copying idiom is found nowhere in src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { append, groupBy } from '../../src/group-by.js';

test('appending to a group of 10,000 makes no copy: one array object throughout', () => {
  const groups = new Map<string, number[]>();
  const seen = new Set<number[]>();
  for (let i = 0; i < 10_000; i++) seen.add(append(groups, i % 2 ? 'odd' : 'even', i));
  assert.is(seen.size, 2, 'one array per group, never a copy');
  assert.is(groups.get('odd')!.length, 5_000);
  const grouped = groupBy(
    Array.from({ length: 10_000 }, (_, i) => i),
    (i) => i % 3,
  );
  assert.equal([...grouped.keys()], [0, 1, 2]);
  assert.equal(grouped.get(1)!.slice(0, 3), [1, 4, 7]);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no source file groups by copying (the idiom that made applies quadratic)', () => {
  // map.set(k, [...(map.get(k) ?? []), x]), outside comments.
  const copying = /\.set\([^;]*\[\s*\.\.\.\(\s*[\w.]+\.get\([^)]*\)\s*\?\?\s*\[\]\s*\)\s*,/;
  const code = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n');
  assert.ok(copying.test('groups.set(k, [...(groups.get(k) ?? []), op]);'), 'the pattern finds the idiom');
  const found = sources(new URL('../../src', import.meta.url).pathname).filter((file) => copying.test(code(file)));
  assert.equal(found, []);
});

test.run();
