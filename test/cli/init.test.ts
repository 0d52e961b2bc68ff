/** `crmsync init`: from an empty folder to a synced sandbox with `init` and `apply`; never overwrites. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { initText, proposeFields } from '../../src/cli/init-file.js';
import type { FieldDef } from '../../src/connectors/types.js';
import { project } from '../helpers/project.js';

const test = suite('init');

test('init writes commented syncs/ from both catalogues; validate, apply and a quiet plan follow', async () => {
  const p = project();
  const init = await p.run('init');
  assert.is(init.code, 0, init.stderr);
  assert.match(init.stdout, 'Wrote syncs/connections.yaml and syncs/hubspot-salesforce-contacts.yaml (12 recommended mapping(s)');
  const sync = p.read('syncs/hubspot-salesforce-contacts.yaml');
  assert.match(sync, '#   email <-> Email  (trim, lowercase)');
  // Salesforce refuses a contact without LastName: the mapping is marked required, from the live catalogue.
  assert.match(sync, '#   lastname <-> LastName  [required mapping] (required in salesforce)');
  assert.equal(parse(sync).sync, {
    name: 'hubspot-salesforce-contacts',
    object: 'contacts',
    left: { connection: 'hubspot' },
    right: { connection: 'salesforce', object: 'Contact', marker_property: 'Crmsync_Marker__c' },
    direction: 'two-way',
    conflict: { winner: 'hubspot' },
    mappings: 'recommended',
  });
  assert.equal(parse(p.read('syncs/connections.yaml')).connections.salesforce, { app: 'salesforce', sandbox: true });
  // Salesforce's External ID marker field, from its catalogue: a fresh project has no warning.
  const validate = await p.run('validate');
  assert.is(validate.code, 0);
  assert.not.match(validate.stdout + validate.stderr, 'warning[');
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is(applied.stderr, '');
  assert.match(applied.stdout, '0 failed');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test('init refuses to overwrite, and names the file', async () => {
  const p = project({ 'syncs/connections.yaml': '# mine\n' });
  const r = await p.run('init', '--left', 'hubspot', '--right', 'google');
  assert.is(r.code, 1);
  assert.is(r.stderr, 'error[file-exists] syncs/connections.yaml already exists; init never overwrites\n  hint: edit it, or run init in an empty folder\n');
  assert.is(p.read('syncs/connections.yaml'), '# mine\n');
  assert.not.ok(p.exists('syncs/hubspot-google-contacts.yaml'));
});

test('init for another pair and object; an object an app lacks is refused', async () => {
  const p = project();
  const r = await p.run('init', '--left', 'hubspot', '--right', 'google');
  assert.is(r.code, 0, r.stderr);
  assert.match(p.read('syncs/hubspot-google-contacts.yaml'), 'right: { connection: google }');
  const q = project();
  const bad = await q.run('init', '--left', 'hubspot', '--right', 'google', '--object', 'companies');
  assert.is(bad.code, 1);
  assert.match(bad.stderr, 'error[usage] google has no companies');
  assert.not.ok(q.exists('syncs'));
});

test.run();

const more = suite('init: prompts and proposals');

/** Runs init in-process with a terminal on stdin that has `typed` waiting on it. */
async function initOnTerminal(dir: string, typed: string, ...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  stdin.end(typed);
  const code = await main(['init', ...argv], { stdout, stderr, stdin, env: { ...process.env }, cwd: dir });
  return { code, stdout: out, stderr: err };
}

more('on a terminal, init asks for what the flags leave out, re-asks a wrong answer, and writes what was chosen', async () => {
  const p = project();
  const r = await initOnTerminal(p.dir, 'local\nnotion\ngoogle\n\n\n\n');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'First app (hubspot, salesforce, google, local) [hubspot]: ');
  assert.match(r.stdout, '  notion is not one of hubspot, salesforce, google, local.');
  assert.is(r.stdout.split('Second app').length - 1, 2);
  assert.match(r.stdout, 'What to sync (contacts, companies, deals, tasks) [contacts]: ');
  const sync = parse(p.read('syncs/local-google-contacts.yaml')).sync;
  assert.equal([sync.left, sync.right, sync.object, sync.mappings], [{ connection: 'local' }, { connection: 'google' }, 'contacts', 'recommended']);
  assert.equal(Object.keys(parse(p.read('syncs/connections.yaml')).connections), ['local', 'google']);
  // Flags given are not asked for; without a terminal nothing is asked and the defaults apply.
  const q = project();
  const flagged = await initOnTerminal(q.dir, 'deals\n\n\n', '--left', 'hubspot', '--right', 'salesforce');
  assert.is(flagged.code, 0, flagged.stderr);
  assert.not.match(flagged.stdout, 'First app');
  assert.ok(q.exists('syncs/hubspot-salesforce-deals.yaml'));
});

more('a terminal that ends (Ctrl-D) without a valid answer is a usage error; nothing is written', async () => {
  const p = project();
  const r = await initOnTerminal(p.dir, 'notion\n');
  assert.is(r.code, 1);
  assert.match(r.stderr, 'error[usage] init got no valid answer');
  assert.not.ok(p.exists('syncs'));
});

more('custom fields: same name (as each app spells it), types that flow both ways, not already mapped', () => {
  const field = (name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, custom: true, ...extra });
  const left = {
    object: 'contacts',
    fields: [
      field('loyalty_tier', 'string'),
      field('score_2', 'number'),
      field('renewal', 'date'),
      field('region', 'string'),
      field('vip', 'boolean'),
      field('email', 'email', { custom: false }),
      field('computed', 'string', { readOnly: true }),
    ],
  };
  const right = {
    object: 'Contact',
    fields: [
      field('Loyalty_Tier__c', 'string'),
      field('Score_2__c', 'boolean'),
      field('Renewal__c', 'datetime'),
      field('Region__c', 'string'),
      field('VIP__c', 'boolean'),
      field('Email', 'email', { custom: false }),
      field('Computed__c', 'string'),
    ],
  };
  const proposed = proposeFields(left, right, { left: new Set(['region']), right: new Set() }, true);
  // number and boolean do not flow both ways; region is mapped already; email is standard; computed is read-only.
  assert.equal(
    proposed.map((x) => [x.left.name, x.right.name]),
    [
      ['loyalty_tier', 'Loyalty_Tier__c'],
      ['renewal', 'Renewal__c'],
      ['vip', 'VIP__c'],
    ],
  );
  const text = initText(
    { left: 'hubspot', right: 'salesforce', object: 'contacts' },
    { name: 'hubspot', app: 'hubspot', object: 'contacts', catalogue: left },
    { name: 'salesforce', app: 'salesforce', object: 'Contact', catalogue: right },
    [{ left: 'email', right: 'Email', required: false, transform: ['trim'] }],
  );
  assert.match(text.sync, '  # fields:\n  #   - { left: loyalty_tier, right: Loyalty_Tier__c }   # string <-> string\n');
  assert.match(text.sync, '  #   - { left: renewal, right: Renewal__c }   # date <-> datetime');
  assert.is(parse(text.sync).sync.fields, undefined, 'proposals stay commented out');
  // Uncommented, the proposals are a valid fields: list.
  const on = parse(text.sync.replace('  # fields:', '  fields:').replace(/^ {2}# {3}- /gm, '    - ')).sync.fields;
  assert.equal(
    on.map((f: { left: string }) => f.left),
    ['loyalty_tier', 'renewal', 'region', 'vip'],
  );
});

more('a pair with no recommended mappings gets the fields both apps name alike, switched on, and applies', async () => {
  const p = project();
  const r = await p.run('init', '--left', 'salesforce', '--right', 'google');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'no recommended mappings;');
  const sync = parse(p.read('syncs/salesforce-google-contacts.yaml')).sync;
  assert.is(sync.mappings, 'none');
  assert.ok(
    sync.fields.some((f: { left: string; right: string }) => f.left === 'Email' && f.right === 'email'),
    JSON.stringify(sync.fields),
  );
  assert.is((await p.run('validate')).code, 0);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stdout);
  assert.ok(p.state().syncs['salesforce-google-contacts']!.links.length > 0);
});

more.run();
