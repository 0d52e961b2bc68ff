/** Mistyped commands get a did-you-mean; --help shows examples. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { project, twoStores } from '../helpers/project.js';

const test = suite('help');

test('a mistyped command: error[usage] with the command meant', async () => {
  const p = project(twoStores());
  const r = await p.run('pln');
  assert.is(r.code, 1);
  assert.is(r.stderr, 'error[usage] pln is not a crmsync command\n  hint: did you mean plan? (crmsync --help lists the commands)\n');
  const sub = await p.run('state', 'lst');
  assert.is(sub.code, 1);
  assert.match(sub.stderr, 'error[usage] lst is not a state subcommand\n  hint: did you mean state list?');
  // Far from every command: the plain message.
  const far = await p.run('xyzzyplugh');
  assert.match(far.stderr, 'error[usage] Unknown argument: xyzzyplugh');
  assert.not.ok(p.exists('.crmsync'));
});

test('--help lists the commands and examples, on stdout, exit 0', async () => {
  const p = project();
  const r = await p.run('--help');
  assert.is(r.code, 0);
  for (const command of ['plan', 'show <planfile>', 'apply [plan]', 'state', 'status', 'sandbox']) assert.match(r.stdout, `crmsync ${command}`);
  assert.match(r.stdout, 'Examples:');
  assert.match(r.stdout, 'crmsync plan --sync contacts --out plan.json');
  const state = await p.run('state', '--help');
  for (const sub of ['list', 'show <sync> <id>', 'link <sync> <leftId> <rightId>', 'unlink <sync> <id>', 'forget <sync> <id>'])
    assert.match(state.stdout, `crmsync state ${sub}`);
});

test.run();
