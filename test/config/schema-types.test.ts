/** The TypeScript types are generated from the schema; this fails when the checked-in copy is stale. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateTypes, SCHEMA_PATH, TYPES_PATH } from '../../scripts/gen-types.js';
import { OBJECT_TYPE_IDS } from '../../src/connectors/hubspot/limits.js';

test('src/config/schema-types.ts matches schema/crmsync.schema.json (run npm run gen:types)', async () => {
  assert.fixture(readFileSync(TYPES_PATH, 'utf8'), await generateTypes());
});

/** Every `description` in the schema, by its JSON path. */
function descriptions(node: unknown, path = '$', out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(node)) node.forEach((n, i) => descriptions(n, `${path}[${i}]`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'description' && typeof v === 'string') out.push([path, v]);
      else descriptions(v, `${path}.${k}`, out);
    }
  }
  return out;
}

test('no example offers a HubSpot standard object name (invoices is 0-53) as a HubSpot custom object', () => {
  const standard = new Set(Object.keys(OBJECT_TYPE_IDS));
  const custom = descriptions(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'))).filter(
    ([path, text]) => /custom_objects|SandboxCustomObject/.test(path) && text.includes('HubSpot'),
  );
  assert.ok(custom.length >= 2, 'the custom object descriptions are found');
  for (const [path, text] of custom) {
    // The HubSpot example is the first backticked name after "HubSpot".
    const example = /HubSpot[^`]*`([^`]+)`/.exec(text)?.[1];
    assert.ok(example, `${path} gives a HubSpot example`);
    assert.not.ok(standard.has(example!), `${path}: \`${example}\` is a HubSpot standard object`);
  }
});

test.run();
