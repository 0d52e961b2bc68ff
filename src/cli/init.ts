/**
 * `crmsync init`: a new project's syncs/ for two apps. It asks for the apps and the object when
 * stdin is a terminal and the flags leave them out (defaults otherwise), connects to both (the
 * built-in sandboxes), reads their field catalogues, and writes syncs/connections.yaml and one sync
 * file (init-file.ts says what goes in it). It never overwrites.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { APPS } from '../connectors/registry.js';
import { openConnector } from '../connectors/open.js';
import type { AppKind, Catalogue } from '../connectors/types.js';
import { defaultMappings } from '../config/default-mappings.js';
import type { CompiledConnection } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { printEnvelope } from './envelope.js';
import { initText, type InitChoice } from './init-file.js';
import { EXIT, println, type CliIO } from './io.js';

/** Every registered app, the local store last (it is for trying things out). */
export const INIT_APPS = (Object.keys(APPS) as AppKind[]).sort((a, b) => Number(a === 'local') - Number(b === 'local'));
export const INIT_OBJECTS = ['contacts', 'companies', 'deals', 'tasks'] as const;
const DEFAULTS: InitChoice = { left: 'hubspot', right: 'salesforce', object: 'contacts' };

export interface InitArgs {
  left?: AppKind;
  right?: AppKind;
  object?: InitChoice['object'];
  json?: boolean;
}

/** Connection names: the app's, or a and b when both sides are the same app. */
const names = (c: InitChoice): [string, string] => (c.left === c.right ? [`${c.left}-a`, `${c.right}-b`] : [c.left, c.right]);

async function catalogueOf(root: string, env: NodeJS.ProcessEnv, name: string, app: AppKind, object: string): Promise<Catalogue> {
  const conn: CompiledConnection = { name, app, config: { app, sandbox: true } as CompiledConnection['config'], source: { file: 'init', line: 1, col: 1 } };
  const connector = await openConnector(conn, { root, env, secrets: {} }, APPS);
  try {
    return await connector.catalogue(object);
  } finally {
    await connector.close();
  }
}

/**
 * Asks for what the flags left out, one line each, re-asking on an answer not in the list. Lines
 * are read through the interface's iterator, which buffers them: answers typed (or piped) ahead
 * of a question are not lost.
 */
async function ask(io: CliIO, args: InitArgs): Promise<InitChoice> {
  const missing = (['left', 'right', 'object'] as const).filter((k) => args[k] === undefined);
  if (!missing.length || !io.stdin.isTTY || args.json) return { ...DEFAULTS, ...definedOf(args) };
  const rl = createInterface({ input: io.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const question = async (text: string, choices: readonly string[], fallback: string): Promise<string> => {
    for (let tries = 0; tries < 3; tries++) {
      io.stdout.write(`${text} (${choices.join(', ')}) [${fallback}]: `);
      const next = await lines.next();
      // The input ended (Ctrl-D): stop rather than guess.
      if (next.done) break;
      const answer = String(next.value).trim().toLowerCase();
      if (!answer) return fallback;
      if (choices.includes(answer)) return answer;
      println(io.stdout, `  ${answer} is not one of ${choices.join(', ')}.`);
    }
    throw new CrmsyncError('usage', 'init got no valid answer', `answer with one of the listed values, or pass --left, --right and --object`);
  };
  try {
    const choice = { ...DEFAULTS, ...definedOf(args) };
    if (args.left === undefined) choice.left = (await question('First app', INIT_APPS, choice.left)) as AppKind;
    if (args.right === undefined) choice.right = (await question('Second app', INIT_APPS, choice.right)) as AppKind;
    if (args.object === undefined) choice.object = (await question('What to sync', INIT_OBJECTS, choice.object)) as InitChoice['object'];
    return choice;
  } finally {
    rl.close();
  }
}

const definedOf = (args: InitArgs): Partial<InitChoice> =>
  Object.fromEntries(Object.entries({ left: args.left, right: args.right, object: args.object }).filter(([, v]) => v !== undefined));

export async function initCommand(io: CliIO, args: InitArgs): Promise<number> {
  const dir = join(io.cwd, 'syncs');
  const connectionsFile = join(dir, 'connections.yaml');
  // Refused before asking anything: an existing project is never overwritten.
  if (existsSync(connectionsFile))
    throw new CrmsyncError(
      'file-exists',
      `${relative(io.cwd, connectionsFile)} already exists; init never overwrites`,
      'edit it, or run init in an empty folder',
    );
  const choice = await ask(io, args);
  const [leftName, rightName] = names(choice);
  const leftObject = APPS[choice.left].objects[choice.object]?.[0];
  const rightObject = APPS[choice.right].objects[choice.object]?.[0];
  for (const [app, object] of [
    [choice.left, leftObject],
    [choice.right, rightObject],
  ] as const) {
    if (!object)
      throw new CrmsyncError(
        'usage',
        `${app} has no ${choice.object}`,
        `${app} supports ${Object.keys(APPS[app].objects)
          .filter((o) => o !== 'custom')
          .join(', ')}`,
      );
  }
  const syncFile = join(dir, `${leftName}-${rightName}-${choice.object}.yaml`);
  if (existsSync(syncFile))
    throw new CrmsyncError('file-exists', `${relative(io.cwd, syncFile)} already exists; init never overwrites`, 'edit it, or run init in an empty folder');
  // Both catalogues, from the apps themselves (the sandboxes: their emulators, in-process).
  const left = await catalogueOf(io.cwd, io.env, leftName, choice.left, leftObject!);
  const right = await catalogueOf(io.cwd, io.env, rightName, choice.right, rightObject!);
  // Two hub-shaped apps map their writable fields by name (the left one's: both list the same).
  const hubFields = () => left.fields.filter((f) => !f.readOnly).map((f) => f.name);
  const mappings =
    defaultMappings({ entry: APPS[choice.left], object: leftObject }, { entry: APPS[choice.right], object: rightObject }, choice.object, hubFields) ?? [];
  const text = initText(
    choice,
    { name: leftName, app: choice.left, object: leftObject!, catalogue: left },
    { name: rightName, app: choice.right, object: rightObject!, catalogue: right },
    mappings,
  );
  if (!text.mappings && !text.proposals.length) {
    throw new CrmsyncError(
      'usage',
      `${choice.left} and ${choice.right} have no recommended mappings for ${choice.object} and no fields named alike`,
      'write the sync by hand (README, "Configuration"), listing its fields',
    );
  }
  await mkdir(dir, { recursive: true });
  await writeFile(connectionsFile, text.connections, { flag: 'wx' });
  await writeFile(syncFile, text.sync, { flag: 'wx' });
  const written = [relative(io.cwd, connectionsFile), relative(io.cwd, syncFile)];
  if (args.json) {
    printEnvelope(io, 'init', 'ok', [], { files: written.map((path) => ({ path, change: 'created' })) });
    return EXIT.ok;
  }
  const what = text.mappings
    ? `${text.mappings} recommended mapping(s), ${text.proposals.length} custom field(s) proposed`
    : `no recommended mappings; ${text.proposals.length} field(s) named alike mapped`;
  println(
    io.stdout,
    `Wrote ${written[0]} and ${written[1]} (${what}).
Next: crmsync plan, then crmsync apply.`,
  );
  return EXIT.ok;
}
