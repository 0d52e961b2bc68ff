/**
 * `crmsync init`: a new project's syncs/ for two apps. It connects to both (the built-in sandboxes
 * by default), reads their field catalogues, and writes syncs/connections.yaml and one sync file
 * with the app pair's recommended mappings (R5, R15) listed in comments, required ones marked, and
 * custom fields of compatible types proposed as commented `fields:` entries. It never overwrites.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { SyncObject } from '../connectors/app-entry.js';
import { APPS } from '../connectors/registry.js';
import { openConnector } from '../connectors/open.js';
import type { AppKind, Catalogue, FieldDef } from '../connectors/types.js';
import { canFlow } from '../config/compat.js';
import { defaultMappings } from '../config/default-mappings.js';
import type { CompiledConnection } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { EXIT, println, type CliIO } from './io.js';

export interface InitArgs {
  left: AppKind;
  right: AppKind;
  object: Exclude<SyncObject, 'custom'>;
}

/** Connection names: the app's, or a and b when both sides are the same app. */
function names(args: InitArgs): [string, string] {
  return args.left === args.right ? [`${args.left}-a`, `${args.right}-b`] : [args.left, args.right];
}

const fold = (name: string) => name.toLowerCase().replace(/__c$/, '').replace(/[^a-z0-9]/g, '');

async function catalogueOf(root: string, env: NodeJS.ProcessEnv, name: string, app: AppKind, object: string): Promise<Catalogue> {
  const conn: CompiledConnection = { name, app, config: { app, sandbox: true } as CompiledConnection['config'], source: { file: 'init', line: 1, col: 1 } };
  const connector = await openConnector(conn, { root, env, secrets: {} }, APPS);
  try {
    return await connector.catalogue(object);
  } finally {
    await connector.close();
  }
}

export async function initCommand(io: CliIO, args: InitArgs): Promise<number> {
  const [leftName, rightName] = names(args);
  const leftObject = APPS[args.left].objects[args.object]?.[0];
  const rightObject = APPS[args.right].objects[args.object]?.[0];
  for (const [app, object] of [[args.left, leftObject], [args.right, rightObject]] as const) {
    if (!object) throw new CrmsyncError('usage', `${app} has no ${args.object}`, `${app} supports ${Object.keys(APPS[app].objects).filter((o) => o !== 'custom').join(', ')}`);
  }
  const dir = join(io.cwd, 'syncs');
  const syncName = `${leftName}-${rightName}-${args.object}`;
  const files = { connections: join(dir, 'connections.yaml'), sync: join(dir, `${syncName}.yaml`) };
  for (const file of Object.values(files)) {
    if (existsSync(file)) throw new CrmsyncError('file-exists', `${relative(io.cwd, file)} already exists; init never overwrites`, 'edit it, or run init in an empty folder');
  }
  // Both catalogues, from the apps themselves (the sandboxes: their emulators, in-process).
  const left = await catalogueOf(io.cwd, io.env, leftName, args.left, leftObject!);
  const right = await catalogueOf(io.cwd, io.env, rightName, args.right, rightObject!);
  const writable = (c: Catalogue) => c.fields.filter((f) => !f.readOnly);
  const mappings = defaultMappings({ entry: APPS[args.left], object: leftObject }, { entry: APPS[args.right], object: rightObject }, args.object, () => writable(left).map((f) => f.name)) ?? [];
  const byName = (c: Catalogue) => new Map(c.fields.map((f) => [f.name, f]));
  const [l, r] = [byName(left), byName(right)];
  const mapped = { left: new Set(mappings.map((m) => m.left)), right: new Set(mappings.map((m) => m.right)) };
  const mark = (f: FieldDef | undefined, app: string) => (f?.required ? ` (required in ${app})` : '');

  const lines = [
    '# yaml-language-server: $schema=../schema/crmsync.schema.json',
    `# ${leftName} ${leftObject} <-> ${rightName} ${rightObject}, both ways; ${leftName} wins when both apps changed a field (R11).`,
    '# Written by crmsync init; `crmsync plan` shows what a first apply would do.',
    'sync:',
    `  name: ${syncName}`,
    `  object: ${args.object}`,
    `  left: { connection: ${leftName}${leftObject !== args.object ? `, object: ${leftObject}` : ''} }`,
    `  right: { connection: ${rightName}${rightObject !== args.object ? `, object: ${rightObject}` : ''} }`,
    '  direction: two-way',
    '  conflict:',
    `    winner: ${leftName}`,
    `  # The recommended mappings of ${args.left} and ${args.right} (R5, R15): ${mappings.length} field(s).`,
    ...mappings.map((m) => `  #   ${m.left} <-> ${m.right}${m.required ? '  [required mapping]' : ''}${mark(l.get(m.left), leftName)}${mark(r.get(m.right), rightName)}${m.transform.length ? `  (${m.transform.join(', ')})` : ''}`),
    '  mappings: recommended',
  ];
  // Required fields the recommended mappings leave out: each app refuses a create without them.
  const unmapped = [...left.fields.filter((f) => f.required && !f.readOnly && !mapped.left.has(f.name)).map((f) => `${leftName}.${f.name}`),
    ...right.fields.filter((f) => f.required && !f.readOnly && !mapped.right.has(f.name)).map((f) => `${rightName}.${f.name}`)];
  if (unmapped.length) lines.push(`  # Required and not mapped (map them, or creates there fail): ${unmapped.join(', ')}`);
  // Custom fields of both apps that share a name and can flow both ways: proposed, not switched on.
  const proposals: string[] = [];
  for (const f of writable(left).filter((x) => x.custom && !mapped.left.has(x.name))) {
    const g = writable(right).find((x) => x.custom && !mapped.right.has(x.name) && fold(x.name) === fold(f.name) && canFlow(f.type, x.type) && canFlow(x.type, f.type));
    if (g) proposals.push(`  #   - { left: ${f.name}, right: ${g.name} }   # ${f.type} <-> ${g.type}`);
  }
  lines.push(proposals.length
    ? ['  # Custom fields of compatible types in both apps; uncomment to sync them:', '  # fields:', ...proposals].join('\n')
    : '  # fields:            # more mappings on top of the recommended ones, e.g.\n  #   - { left: <field>, right: <field> }');
  const connections = [
    '# yaml-language-server: $schema=../schema/crmsync.schema.json',
    '# The built-in sandboxes (sandbox: true): emulators with demo data, so plan and apply work with no',
    '# account. For a real account, replace `sandbox: true` with the credentials (see the README).',
    'connections:',
    ...[[leftName, args.left], [rightName, args.right]].flatMap(([name, app]) => [`  ${name}:`, `    app: ${app}`, '    sandbox: true', ...APPS[app as AppKind].credentials.template.map((c) => `    ${c}`)]),
    'settings:',
    '  state: .crmsync/state.json',
  ];
  await mkdir(dir, { recursive: true });
  await writeFile(files.connections, `${connections.join('\n')}\n`, { flag: 'wx' });
  await writeFile(files.sync, `${lines.join('\n')}\n`, { flag: 'wx' });
  println(io.stdout, `Wrote ${relative(io.cwd, files.connections)} and ${relative(io.cwd, files.sync)} (${mappings.length} recommended mapping(s), ${proposals.length} custom field(s) proposed).
Next: crmsync plan, then crmsync apply.`);
  return EXIT.ok;
}
