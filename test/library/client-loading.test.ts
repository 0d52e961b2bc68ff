/**
 * A run loads the client libraries of the apps it opens, and no others: importing the library
 * loads none, and a HubSpot ↔ local plan never loads jsforce or Google's clients (each took
 * hundreds of milliseconds of every run's start). Counted in a fresh process, by the CommonJS
 * modules it loaded.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sandboxes, syncFile } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const CLIENTS = ['@hubspot/api-client', 'jsforce', '@googleapis/people', 'google-auth-library'];
const index = new URL('../../src/index.ts', import.meta.url).href;

/** The client libraries loaded by a fresh process that imports the library and then runs `body`. */
function loaded(body: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const crmsync = await import(${JSON.stringify(index)});
    ${body}
    const files = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(${JSON.stringify(CLIENTS)}.filter((c) => files.some((f) => f.includes('/node_modules/' + c + '/')))));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

test('importing the library loads no client library', () => {
  assert.equal(loaded(''), []);
});

test('a HubSpot ↔ local plan loads HubSpot’s client only', () => {
  const root = tempDir('crmsync-clients-');
  mkdirSync(join(root, 'syncs'));
  writeFileSync(
    join(root, 'syncs', 'connections.yaml'),
    `${sandboxes({ hubspot: ['hubspot', { contacts: 2, companies: 0, from: 0 }] })}  store:\n    app: local\n`,
  );
  writeFileSync(join(root, 'syncs', 'contacts.yaml'), syncFile('contacts', 'hubspot', 'store', 'direction: two-way\nconflict: { winner: hubspot }'));
  const used = loaded(`const planned = await crmsync.plan({ root: ${JSON.stringify(root)} });
    if (!planned.plan.ops.length) throw new Error('the plan should create the HubSpot people in the store');`);
  assert.equal(used, ['@hubspot/api-client']);
});

test.run();
