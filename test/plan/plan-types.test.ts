/**
 * The plan's TypeScript types are generated from schema/plan.schema.json, the description of a
 * saved plan that `apply FILE` validates against: this fails when the checked-in copy is stale, so
 * the types and the published schema cannot drift. The bases a plan carries hold the same values
 * the state stores (one Canon, defined in schema/state.schema.json).
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generatePlanTypes, PLAN_TYPES_PATH } from '../../scripts/gen-types.js';
import type { BasePatch, Plan } from '../../src/plan/types.js';
import { PLAN_VERSION } from '../../src/plan/types.js';
import type { Canon } from '../../src/state/state-types.js';

// Compile-time: a value kind added to the plan's bases or to the state's Canon only fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameValues: Same<BasePatch['left'][string], Canon> = true;

test('src/plan/plan-types.ts matches schema/plan.schema.json (run npm run gen:types)', async () => {
  assert.fixture(readFileSync(PLAN_TYPES_PATH, 'utf8'), await generatePlanTypes());
  assert.ok(sameValues);
});

test("the plan version crmsync writes is the plan schema's and the --json output schema's", () => {
  const read = (name: string) => JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8'));
  const version: Plan['version'] = PLAN_VERSION;
  assert.is(read('plan.schema.json').properties.version.const, version);
  assert.is(read('output.schema.json').definitions.Plan.properties.version.const, version);
});

test.run();
