/**
 * Regenerates the TypeScript types from the JSON Schemas, the single sources of truth:
 * src/config/schema-types.ts from schema/crmsync.schema.json (the YAML), and
 * src/state/state-types.ts from schema/state.schema.json (the state). Tests fail when a checked-in
 * file is stale (test/config/schema-types.test.ts, test/state/state-schema.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export const SCHEMA_PATH = new URL('../schema/crmsync.schema.json', import.meta.url);
export const TYPES_PATH = new URL('../src/config/schema-types.ts', import.meta.url);
export const STATE_SCHEMA_PATH = new URL('../schema/state.schema.json', import.meta.url);
export const STATE_TYPES_PATH = new URL('../src/state/state-types.ts', import.meta.url);

async function generate(schemaPath: URL, name: string, from: string): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JSONSchema;
  return compile(schema, name, {
    bannerComment: `/* Do not edit: generated from ${from} by \`npm run gen:types\`. */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    // Array bounds are checked by ajv; as tuple types they would only bloat the file.
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true },
  });
}

export const generateTypes = (): Promise<string> => generate(SCHEMA_PATH, 'SyncFile', 'schema/crmsync.schema.json');
export const generateStateTypes = (): Promise<string> => generate(STATE_SCHEMA_PATH, 'StateFile', 'schema/state.schema.json');

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(TYPES_PATH, await generateTypes());
  writeFileSync(STATE_TYPES_PATH, await generateStateTypes());
}
