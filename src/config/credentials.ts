/**
 * Credentials never appear in what crmsync prints. The keys that hold one are the schema's (every
 * property that takes a `Secret`); a value written there inline instead of `{ env }` or `{ secret }`
 * is an error whose message does not quote it, and whose characters are masked in the source
 * excerpts every error shows.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, type Node } from 'yaml';
import { rangeOf, type SourceFile } from './source.js';

const SCHEMA_URL = new URL('../../schema/crmsync.schema.json', import.meta.url);

/** Keys whose value is a credential, taken from the schema so a new one cannot be forgotten here. */
export const CREDENTIAL_KEYS: ReadonlySet<string> = (() => {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { definitions: Record<string, { properties?: Record<string, { $ref?: string }> }> };
  const keys = new Set<string>();
  for (const def of Object.values(schema.definitions)) {
    for (const [key, value] of Object.entries(def.properties ?? {})) if (value.$ref === '#/definitions/Secret') keys.add(key);
  }
  return keys;
})();

/** A credential's value, or anything inside it: `connections.<name>.<credential>…`. */
export const isCredentialPath = (path: ReadonlyArray<string | number>) => path[0] === 'connections' && path.length >= 3 && CREDENTIAL_KEYS.has(String(path[2]));

/** What a message says instead of a credential's value. */
export function hiddenValue(value: unknown): string {
  if (typeof value === 'string') return `a string of ${[...value].length} characters (not shown)`;
  return value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list (not shown)'
      : typeof value === 'object'
        ? 'a mapping (not shown)'
        : `a ${typeof value} (not shown)`;
}

// The names `{ env }` and `{ secret }` take (the schema's patterns): anything else may be a pasted value.
const NAME = { env: /^[A-Za-z_][A-Za-z0-9_]*$/, secret: /^[A-Za-z_][A-Za-z0-9_.-]*$/ } as const;

function isReference(key: unknown, value: unknown): boolean {
  return (key === 'env' || key === 'secret') && typeof value === 'string' && NAME[key].test(value);
}

/** Masks one node's characters (newlines kept, so every position and line stays where it was). */
function mask(file: SourceFile, node: unknown): void {
  const range = rangeOf(node);
  if (!range) return;
  file.text = file.text.slice(0, range.start) + file.text.slice(range.start, range.end).replace(/[^\n]/g, '*') + file.text.slice(range.end);
}

/**
 * Masks, in the file's text, every credential value that is not a well-formed `{ env }` / `{ secret }`
 * reference; and the whole text of a file that is one scalar (KEY=value lines: a secrets file).
 */
export function maskCredentials(file: SourceFile): void {
  if (isScalar(file.doc?.contents)) {
    mask(file, { range: [0, file.text.length, file.text.length] });
    return;
  }
  const connections = isMap(file.doc?.contents) ? file.doc!.contents.items.find((p) => isScalar(p.key) && p.key.value === 'connections')?.value : undefined;
  if (!isMap(connections)) return;
  for (const conn of connections.items) {
    if (!isPair(conn) || !isMap(conn.value)) continue;
    for (const pair of conn.value.items) {
      if (!isScalar(pair.key) || !CREDENTIAL_KEYS.has(String(pair.key.value))) continue;
      const value = pair.value as Node | null;
      if (!isMap(value)) {
        mask(file, value);
        continue;
      }
      for (const inner of value.items) {
        const key = isScalar(inner.key) ? inner.key.value : undefined;
        if (!isScalar(inner.value) || !isReference(key, inner.value.value)) mask(file, inner.value);
      }
    }
  }
}
