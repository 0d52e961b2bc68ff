/** The schema's validator is generated code (compiled once, not per run); this fails when it is stale. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateValidator, VALIDATOR_PATH } from '../../scripts/gen-validator.js';

test('src/config/schema-validate.generated.ts matches schema/crmsync.schema.json (run npm run gen:validator)', () => {
  assert.fixture(readFileSync(VALIDATOR_PATH, 'utf8'), generateValidator());
});

test.run();
