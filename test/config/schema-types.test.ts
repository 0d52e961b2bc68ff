/** The TypeScript types are generated from the schema; this fails when the checked-in copy is stale. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateTypes, TYPES_PATH } from '../../scripts/gen-types.js';

test('src/config/schema-types.ts matches schema/crmsync.schema.json (run npm run gen:types)', async () => {
  assert.fixture(readFileSync(TYPES_PATH, 'utf8'), await generateTypes());
});

test.run();
