/**
 * Regenerates src/config/schema-types.ts from schema/crmsync.schema.json. The schema is the single
 * source of truth; test/config/schema-types.test.ts fails when the checked-in file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export const SCHEMA_PATH = new URL('../schema/crmsync.schema.json', import.meta.url);
export const TYPES_PATH = new URL('../src/config/schema-types.ts', import.meta.url);

export async function generateTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JSONSchema;
  return compile(schema, 'SyncFile', {
    bannerComment:
      '/* Do not edit: generated from schema/crmsync.schema.json by `npm run gen:types`. */',
    additionalProperties: false,
    unreachableDefinitions: true,
    // Array bounds are checked by ajv; as tuple types they would only bloat the file.
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true },
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(TYPES_PATH, await generateTypes());
}
