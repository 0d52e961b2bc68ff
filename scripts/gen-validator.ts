/**
 * Regenerates src/config/schema-validate.generated.ts: the validator of schema/crmsync.schema.json
 * as standalone code (ajv's "compile once, run many"), so no run pays for compiling the schema
 * (about two seconds of CPU per process). test/config/schema-validator.test.ts fails when the
 * checked-in file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';

// Both ship CommonJS with a default export.
const standaloneCode = standaloneModule as unknown as (ajv: Ajv, validate: unknown) => string;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export const SCHEMA_PATH = new URL('../schema/crmsync.schema.json', import.meta.url);
export const VALIDATOR_PATH = new URL('../src/config/schema-validate.generated.ts', import.meta.url);

/** The options the validator is compiled with; the diagnostics rely on verbose errors (parentSchema, data). */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, discriminator: true, useDefaults: false, verbose: true } as const;

export function generateValidator(): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  addFormats(ajv);
  const code = standaloneCode(ajv, ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'))));
  // ajv's ES module output still require()s its runtime helpers and formats.
  return `/* Do not edit: generated from schema/crmsync.schema.json by \`npm run gen:validator\`. */\n// @ts-nocheck\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${code.replace(/^"use strict";/, '')}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(VALIDATOR_PATH, generateValidator());
}
