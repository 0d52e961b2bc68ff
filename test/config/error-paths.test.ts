/**
 * Issue 10.11: every error a user can reach through the CLI is `error[code]` with a location and
 * a hint, never "internal error" and never a stack trace. Each case feeds one error path.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, twoStores, type Project } from '../helpers/project.js';

const test = suite('every error path is a located error[code] with a hint');

interface Case {
  name: string;
  /** Files on top of the two-store project; `null` removes syncs/ entirely. */
  files?: Record<string, string> | null;
  before?: (p: Project) => Promise<void> | void;
  argv: string[];
  code: string;
  /** Text that locates the error: a file:line:col, a path or a name. */
  where: string | RegExp;
}

const withSettings = (settings: string) => ({ 'syncs/settings.yaml': `settings:\n${settings}` });
const applied = async (p: Project) => {
  const r = await p.run('apply', '--yes');
  assert.is(r.code, 0, r.stderr);
};

const cases: Case[] = [
  { name: 'no syncs folder', files: null, argv: ['plan'], code: 'no-config', where: 'syncs:1:1' },
  {
    name: 'search_lag on a sandbox that is not HubSpot',
    files: {
      'syncs/connections.yaml': twoStores()['syncs/connections.yaml']!.replace(
        '      seed: { contacts: 6, companies: 0, from: 0 }',
        '      seed: { contacts: 6, companies: 0, from: 0 }\n      search_lag: 2s',
      ),
    },
    argv: ['validate'],
    code: 'sandbox-option',
    where: 'syncs/connections.yaml:6:7',
  },
  { name: 'no syncs folder (validate)', files: null, argv: ['validate'], code: 'no-config', where: 'syncs:1:1' },
  { name: 'an invalid configuration', files: { 'syncs/bad.yaml': 'sync:\n  nam: x\n' }, argv: ['plan'], code: 'unknown-key', where: 'syncs/bad.yaml:2:3' },
  { name: 'a YAML syntax error', files: { 'syncs/bad.yaml': 'sync: [\n' }, argv: ['validate'], code: 'yaml-syntax', where: 'syncs/bad.yaml:1:7' },
  {
    name: 'a state file that is not JSON',
    before: (p) => p.write('.crmsync/state.json', '{"format":'),
    argv: ['plan'],
    code: 'state-corrupt',
    where: 'state.json',
  },
  {
    name: 'a state file that is not a state',
    before: (p) => p.write('.crmsync/state.json', '[1, 2, 3]'),
    argv: ['plan'],
    code: 'state-corrupt',
    where: 'state.json',
  },
  {
    name: 'a state file from a future version',
    before: (p) => p.write('.crmsync/state.json', '{"format":"crmsync-state","version":999}'),
    argv: ['plan'],
    code: 'state-future-version',
    where: 'state.json',
  },
  {
    name: 'a state file that is a directory',
    before: (p) => mkdirSync(join(p.dir, '.crmsync/state.json'), { recursive: true }),
    argv: ['apply', '--yes'],
    code: 'state-corrupt',
    where: 'state.json',
  },
  {
    name: 'a local store that is not JSON',
    before: async (p) => {
      await applied(p);
      p.write('.crmsync/local/a.json', '{"format": "crmsync-local-store",\n  "rev": }');
    },
    argv: ['plan'],
    code: 'store-corrupt',
    where: /a\.json:2:10/,
  },
  {
    name: 'a local store that is another JSON file',
    before: (p) => p.write('.crmsync/local/a.json', '{"name": "package"}'),
    argv: ['plan'],
    code: 'store-corrupt',
    where: /a\.json:1:1/,
  },
  {
    name: 'a local store path that is a directory',
    before: (p) => mkdirSync(join(p.dir, '.crmsync/local/a.json'), { recursive: true }),
    argv: ['plan'],
    code: 'is-a-directory',
    where: 'a.json',
  },
  {
    name: 'a missing secrets file',
    files: {
      ...withSettings('  secrets_file: .crmsync/nope.env\n'),
      'syncs/h.yaml': 'connections:\n  h:\n    app: hubspot\n    access_token: { secret: HS }\n',
    },
    argv: ['plan'],
    code: 'path-unusable',
    where: 'syncs/settings.yaml:2:17',
  },
  {
    name: 'a secret that is not set',
    files: {
      'syncs/h.yaml': 'connections:\n  h:\n    app: hubspot\n    access_token: { env: CRMSYNC_TEST_UNSET_TOKEN }\n',
      'syncs/hs.yaml': 'sync:\n  name: hs\n  object: contacts\n  left: { connection: a }\n  right: { connection: h }\n  direction: two-way\n',
    },
    argv: ['plan'],
    code: 'secret-missing',
    where: 'syncs/h.yaml:2:3',
  },
  { name: 'a plan file that does not exist', argv: ['apply', 'missing.json', '--yes'], code: 'plan-unreadable', where: 'missing.json' },
  {
    name: 'a plan file that is not JSON',
    before: (p) => p.write('plan.json', 'not json'),
    argv: ['apply', 'plan.json', '--yes'],
    code: 'plan-invalid',
    where: 'plan.json',
  },
  {
    name: 'a plan file that is not a plan',
    before: (p) => p.write('plan.json', '{"ops": 1}'),
    argv: ['apply', 'plan.json', '--yes'],
    code: 'plan-invalid',
    where: 'plan.json',
  },
  {
    name: 'a stale plan file',
    before: async (p) => {
      await p.run('plan', '--out', 'plan.json');
      await applied(p);
    },
    argv: ['apply', 'plan.json', '--yes'],
    code: 'plan-stale',
    where: 'plan.json',
  },
  { name: 'an unknown command', argv: ['plna'], code: 'usage', where: 'plna' },
  { name: 'a bad --since', argv: ['status', '--records', '--since', 'x?y'], code: 'usage', where: 'x?y' },
  { name: 'a bad --interval', argv: ['apply', '--watch', '--yes', '--interval', 'soon'], code: 'usage', where: 'soon' },
  { name: 'apply without a terminal or --yes', argv: ['apply'], code: 'apply-declined', where: '--auto-approve' },
  { name: 'import of an unknown sync', argv: ['import', 'nope', '--yes'], code: 'unknown-sync', where: 'nope' },
  { name: 'force-unlock with no lock', argv: ['force-unlock', 'abc'], code: 'lock-not-found', where: 'not locked' },
  {
    name: 'a held lock',
    before: (p) => p.write('.crmsync/state.json.lock', JSON.stringify({ id: 'x1', pid: 1, host: 'h', operation: 'apply', at: new Date().toISOString() })),
    argv: ['apply', '--yes'],
    code: 'state-locked',
    where: 'x1',
  },
  {
    name: 'a state path under a file',
    files: withSettings('  state: syncs/settings.yaml/state.json\n'),
    argv: ['apply', '--yes'],
    code: 'path-unusable',
    where: 'syncs/settings.yaml:2:10',
  },
];

for (const c of cases) {
  test(c.name, async () => {
    const p = project(c.files === null ? {} : { ...twoStores(), ...(c.files ?? {}) });
    await c.before?.(p);
    const r = await p.run(...c.argv);
    const out = r.stderr + r.stdout;
    assert.is(r.code, 1, out);
    assert.not.match(out, 'internal error');
    assert.not.match(out, /\n\s+at .*:\d+:\d+\)?\n/);
    assert.match(out, `error[${c.code}]`);
    assert.match(out, /hint: \S/);
    assert.match(out, c.where);
  });
}

test.run();
