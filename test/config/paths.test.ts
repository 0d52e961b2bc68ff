/**
 * Issue 15.8: paths a configuration names that can never work (the state at `.`, `/dev/null` or
 * under /proc; a missing or directory secrets file; a local store that is a directory) are
 * caught by `validate`, at the line and column of the setting.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, twoStores } from '../helpers/project.js';

const test = suite('paths are checked at validate time');

const cases: Array<[name: string, settings: string, where: string]> = [
  ['the state at the project folder', 'state: .', '2:10'],
  ['the state at /dev/null', 'state: /dev/null', '2:10'],
  ['the state under /proc', 'state: /proc/self/crmsync-state.json', '2:10'],
  ['the state in a folder that is a file', 'state: syncs/settings.yaml/state.json', '2:10'],
  ['a missing secrets file', 'secrets_file: .crmsync/none.env', '2:17'],
  ['a secrets file that is a directory', 'secrets_file: .crmsync', '2:17'],
  ['a secrets file that is a FIFO-like device', 'secrets_file: /dev/zero', '2:17'],
];

for (const [name, setting, where] of cases) {
  test(name, async () => {
    const p = project({ ...twoStores(), 'syncs/settings.yaml': `settings:\n  ${setting}\n` });
    mkdirSync(join(p.dir, '.crmsync'), { recursive: true });
    const r = await p.run('validate', '--json');
    assert.is(r.code, 1, r.stdout);
    const d = (JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string; line: number; col: number; hint?: string }> }).diagnostics;
    assert.equal(
      d.map((x) => `${x.code}@${x.file}:${x.line}:${x.col}`),
      [`path-unusable@syncs/settings.yaml:${where}`],
    );
    assert.ok(d[0]!.hint);
  });
}

test('a local store path that is a directory', async () => {
  const files = twoStores();
  files['syncs/connections.yaml'] = files['syncs/connections.yaml']!.replace('  b:\n    app: local\n', '  b:\n    app: local\n    path: stores\n');
  const p = project(files);
  mkdirSync(join(p.dir, 'stores'));
  const r = await p.run('validate', '--json');
  assert.is(r.code, 1);
  const d = (JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string; line: number; col: number }> }).diagnostics;
  assert.equal(
    d.map((x) => `${x.code}@${x.file}:${x.line}:${x.col}`),
    ['path-unusable@syncs/connections.yaml:8:11'],
  );
});

test('an existing secrets file, a state not yet created and a store not yet created are fine', async () => {
  const p = project({ ...twoStores(), 'syncs/settings.yaml': 'settings:\n  state: new/dir/state.json\n  secrets_file: s.env\n', 's.env': 'A=b\n' });
  const r = await p.run('validate');
  assert.is(r.code, 0, r.stderr);
});

test.run();
