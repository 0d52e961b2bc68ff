/**
 * `crmsync init`: a new project's syncs/ for two apps. It asks for the apps and the object when
 * stdin is a terminal and the flags leave them out (defaults otherwise), connects to both (the
 * built-in sandboxes, or real accounts with `--real`/`--left-real`/`--right-real`, their credentials
 * read from the environment as plan and apply read them), reads their field catalogues, and writes
 * syncs/connections.yaml and one sync file (init-file.ts says what goes in it). It never overwrites.
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
import { envCredentials, initText, realConnection, type InitChoice, type InitSide } from './init-file.js';
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
  /** Each side: a real account (true), the sandbox (false), or asked on a terminal (undefined; sandbox otherwise). */
  leftReal?: boolean;
  rightReal?: boolean;
  /** A real account's address (the app entry's `credentials.url` key). */
  leftUrl?: string;
  rightUrl?: string;
}

type Sides = { left: boolean; right: boolean };

/** Connection names: the app's, or a and b when both sides are the same app. */
const names = (c: InitChoice): [string, string] => (c.left === c.right ? [`${c.left}-a`, `${c.right}-b`] : [c.left, c.right]);

/**
 * A real account's credentials must be set before anything is written: the same `secret-missing`
 * error plan and apply give, naming the variable, located at the flag that asked for the account.
 */
function checkEnv(env: NodeJS.ProcessEnv, side: 'left' | 'right', name: string, app: AppKind): void {
  for (const c of envCredentials(app)) {
    if (Object.hasOwn(env, c.env) && env[c.env]) continue;
    throw new CrmsyncError(
      'secret-missing',
      `connection \`${name}\` (--${side}-real) needs ${c.key}, but environment variable ${c.env} is not set`,
      `export ${c.env}=… and run init again, or leave out --${side}-real for the sandbox`,
    );
  }
}

/** The app's own checks of the connection init would write (validate runs the same), before anything is written. */
function checkCredentials(side: 'left' | 'right', name: string, app: AppKind, url: string | undefined): void {
  const config = realConnection(app, url) as unknown as CompiledConnection['config'];
  APPS[app].credentials.check?.(config, name, (_path, _code, message, hint, options) => {
    if (options?.severity === 'warning') return;
    const flag = APPS[app].credentials.url && !url ? `; init takes the address as --${side}-url` : '';
    throw new CrmsyncError('usage', message, `${hint ?? 'see the README, "Connecting the real apps"'}${flag}`);
  });
}

async function catalogueOf(root: string, env: NodeJS.ProcessEnv, side: Omit<InitSide, 'catalogue'>): Promise<Catalogue> {
  const { name, app, object } = side;
  const config = side.real ? realConnection(app, side.real.url) : { app, sandbox: true };
  // Opened as plan and apply open it (connectors/open.ts): a real account is reached with the credentials from the environment.
  const conn: CompiledConnection = { name, app, config: config as unknown as CompiledConnection['config'], source: { file: 'init', line: 1, col: 1 } };
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
async function ask(io: CliIO, args: InitArgs): Promise<InitChoice & { real: Sides }> {
  const missing = (['left', 'right', 'object'] as const).filter((k) => args[k] === undefined);
  const real = { left: args.leftReal ?? false, right: args.rightReal ?? false };
  if (!missing.length || !io.stdin.isTTY || args.json) return { ...DEFAULTS, ...definedOf(args), real };
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
    for (const side of ['left', 'right'] as const) {
      if (args[`${side}Real`] !== undefined || !APPS[choice[side]].sandbox) continue;
      real[side] = (await question(`${APPS[choice[side]].label}: sandbox or real account`, ['sandbox', 'real'], 'sandbox')) === 'real';
    }
    return { ...choice, real };
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
  for (const side of ['left', 'right'] as const) {
    if (args[`${side}Url`] !== undefined && args[`${side}Real`] === false)
      throw new CrmsyncError('usage', `--${side}-url is for a real account`, `add --${side}-real, or leave out --${side}-url for the sandbox`);
  }
  const choice = await ask(io, args);
  const [leftName, rightName] = names(choice);
  for (const side of ['left', 'right'] as const) {
    const url = args[`${side}Url`];
    if (url === undefined) continue;
    if (!choice.real[side])
      throw new CrmsyncError('usage', `--${side}-url is for a real account`, `add --${side}-real, or leave out --${side}-url for the sandbox`);
    if (!APPS[choice[side]].credentials.url) throw new CrmsyncError('usage', `${choice[side]} takes no address`, `leave out --${side}-url`);
    if (!URL.canParse(url)) throw new CrmsyncError('usage', `--${side}-url ${JSON.stringify(url)} is not a URL`, 'give it as https://host[:port][/path]');
  }
  for (const [side, name] of [
    ['left', leftName],
    ['right', rightName],
  ] as const) {
    if (!choice.real[side]) continue;
    checkCredentials(side, name, choice[side], args[`${side}Url`]);
    checkEnv(io.env, side, name, choice[side]);
  }
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
  const realOf = (side: 'left' | 'right') => (choice.real[side] ? { real: args[`${side}Url`] ? { url: args[`${side}Url`] } : {} } : {});
  const l = { name: leftName, app: choice.left, object: leftObject!, ...realOf('left') };
  const r = { name: rightName, app: choice.right, object: rightObject!, ...realOf('right') };
  // Both catalogues, from the apps themselves (the sandboxes: their emulators, in-process).
  const left = await catalogueOf(io.cwd, io.env, l);
  const right = await catalogueOf(io.cwd, io.env, r);
  // Two hub-shaped apps map their writable fields by name (the left one's: both list the same).
  const hubFields = () => left.fields.filter((f) => !f.readOnly).map((f) => f.name);
  const mappings =
    defaultMappings({ entry: APPS[choice.left], object: leftObject }, { entry: APPS[choice.right], object: rightObject }, choice.object, hubFields) ?? [];
  const text = initText(choice, { ...l, catalogue: left }, { ...r, catalogue: right }, mappings);
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
