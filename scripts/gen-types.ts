/**
 * Regenerates the TypeScript types from the JSON Schemas, the single sources of truth:
 * src/config/schema-types.ts from schema/crmsync.schema.json (the YAML),
 * src/state/state-types.ts from schema/state.schema.json (the state), and src/plan/plan-types.ts
 * from schema/plan.schema.json (a saved plan). Tests fail when a checked-in file is stale
 * (test/config/schema-types.test.ts, test/state/state-schema.test.ts, test/plan/plan-types.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

export const SCHEMA_PATH = new URL('../schema/crmsync.schema.json', import.meta.url);
export const TYPES_PATH = new URL('../src/config/schema-types.ts', import.meta.url);
export const STATE_SCHEMA_PATH = new URL('../schema/state.schema.json', import.meta.url);
export const STATE_TYPES_PATH = new URL('../src/state/state-types.ts', import.meta.url);
export const PLAN_SCHEMA_PATH = new URL('../schema/plan.schema.json', import.meta.url);
export const PLAN_TYPES_PATH = new URL('../src/plan/plan-types.ts', import.meta.url);

/**
 * Where the plan schema is looser than the engine's types, the generated types name the engine's
 * (json-schema-to-typescript's `tsType`, added here so that the published schema stays plain JSON
 * Schema): a field definition and a failure category, which the generated file imports, and the
 * rule ids, spelled out from the schema's own pattern.
 */
const PLAN_IMPORTS = ["import type { FieldDef } from '../connectors/types.js';", "import type { FailureCategory } from '../state/state-types.js';"];
function withPlanTypes(schema: JSONSchema): void {
  const defs = schema.definitions as Record<string, JSONSchema & { properties: Record<string, JSONSchema & { properties: Record<string, JSONSchema> }> }>;
  const pattern = new RegExp(defs.RuleId!.pattern!);
  const rules = Array.from({ length: 99 }, (_, i) => i + 1).filter((n) => pattern.test(`R${n}`));
  defs.RuleId!.tsType = `\`R\${${rules.join(' | ')}}\``;
  defs.CreateFieldOp!.properties.field!.tsType = 'FieldDef';
  defs.SideSummary!.properties.error!.properties.category!.tsType = 'FailureCategory';
  defs.Finding!.properties.category!.tsType = 'FailureCategory';
}

/**
 * A tagged union's own `properties` and `required` (the tag's allowed values, kept in the schema for
 * ajv's error messages) would make each such type an intersection; each branch declares its tag.
 */
function withoutUnionTags(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.discriminator && Array.isArray(o.oneOf)) {
    delete o.properties;
    delete o.required;
  }
  for (const v of Object.values(o)) withoutUnionTags(v);
}

async function generate(schemaPath: URL, name: string, from: string, plan?: { imports: string[] }): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JSONSchema;
  const imports = plan?.imports ?? [];
  if (plan) {
    withoutUnionTags(schema);
    withPlanTypes(schema);
  }
  // The root type is named by the caller, not by the schema's human title.
  return compile({ ...schema, title: name }, name, {
    bannerComment: [`/* Do not edit: generated from ${from} by \`npm run gen:types\`. */`, ...imports].join('\n'),
    additionalProperties: false,
    unreachableDefinitions: true,
    // Array bounds are checked by ajv; as tuple types they would only bloat the file.
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true },
  });
}

export const generateTypes = (): Promise<string> => generate(SCHEMA_PATH, 'SyncFile', 'schema/crmsync.schema.json');
export const generateStateTypes = (): Promise<string> => generate(STATE_SCHEMA_PATH, 'StateFile', 'schema/state.schema.json');
export const generatePlanTypes = (): Promise<string> => generate(PLAN_SCHEMA_PATH, 'Plan', 'schema/plan.schema.json', { imports: PLAN_IMPORTS });

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  writeFileSync(TYPES_PATH, await generateTypes());
  writeFileSync(STATE_TYPES_PATH, await generateStateTypes());
  writeFileSync(PLAN_TYPES_PATH, await generatePlanTypes());
}
