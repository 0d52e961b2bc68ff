/** Colour: on a terminal only, never with NO_COLOR or TERM=dumb, never in pipes and files. */
import { PassThrough } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';
import { project, twoStores } from '../helpers/project.js';

const test = suite('colour');

async function plan(dir: string, tty: boolean, env: NodeJS.ProcessEnv): Promise<string> {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (tty) out.isTTY = true;
  let text = '';
  out.on('data', (c) => (text += c));
  const code = await main(['plan'], { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env, cwd: dir });
  assert.is(code, 0);
  return text;
}

test('plan on a terminal colours creates green and the summary bold; NO_COLOR, TERM=dumb and pipes get plain text', async () => {
  const p = project(twoStores());
  const env = { ...process.env, NO_COLOR: '', TERM: 'xterm' };
  const coloured = await plan(p.dir, true, env);
  assert.match(coloured, '\u001b[32m  + b/contacts new record');
  assert.match(coloured, '\u001b[1mPlan: 9 change(s).');
  const plain = await plan(p.dir, false, env);
  assert.not.match(plain, '\u001b[');
  assert.is(coloured.replace(/\u001b\[\d+m/g, ''), plain);
  assert.not.match(await plan(p.dir, true, { ...env, NO_COLOR: '1' }), '\u001b[');
  assert.not.match(await plan(p.dir, true, { ...env, TERM: 'dumb' }), '\u001b[');
});

test.run();
