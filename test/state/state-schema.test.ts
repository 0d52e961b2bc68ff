/**
 * schema/state.schema.json describes the state as the project holds it (version 3): the state's
 * types, and the failure categories, are generated from it (src/state/types.ts and
 * src/connectors/types.ts re-export them; src/plan/values.ts takes Canon from it), and a state
 * written by a real apply is valid against it.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateStateTypes, STATE_SCHEMA_PATH, STATE_TYPES_PATH } from '../../scripts/gen-types.js';
import { newState } from '../../src/state/store.js';
import { project, twoStores } from '../helpers/project.js';

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(STATE_SCHEMA_PATH, 'utf8')));

test('src/state/state-types.ts matches schema/state.schema.json (run npm run gen:types)', async () => {
  assert.fixture(readFileSync(STATE_TYPES_PATH, 'utf8'), await generateStateTypes());
});

test('a new state and the state a real apply leaves are valid; an unknown key or a bad link is not', async () => {
  assert.ok(validate(newState()), JSON.stringify(validate.errors));
  const p = project(twoStores());
  assert.is((await p.run('apply', '--yes')).code, 0);
  const state = p.state();
  assert.ok(state.syncs.contacts!.links.length > 0, 'the apply linked records');
  assert.ok(validate(state), JSON.stringify(validate.errors));
  assert.not.ok(validate({ ...state, extra: 1 }));
  const bad = structuredClone(state);
  (bad.syncs.contacts!.links[0] as { deleted?: string }).deleted = 'both';
  assert.not.ok(validate(bad));
  assert.equal(
    validate.errors?.map((e) => e.instancePath),
    ['/syncs/contacts/links/0/deleted'],
  );
});

test.run();
