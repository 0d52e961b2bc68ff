/** Test fixtures: a project in a temporary folder, the CLI run in-process, and the local stores. */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { LocalStoreData } from '../../src/connectors/local/store.js';
import { decodeStateText } from '../../src/state/file.js';
import type { StateFile } from '../../src/state/types.js';
import { tempDir } from './temp.js';

export interface Project {
  dir: string;
  write(path: string, text: string): void;
  run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Runs with a terminal on stdin that answers `answer`. */
  runTty(answer: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  store(name: string): LocalStoreData;
  editStore(name: string, edit: (data: LocalStoreData) => void): void;
  state(): StateFile;
  exists(path: string): boolean;
  read(path: string): string;
}

export function project(files: Record<string, string> = {}): Project {
  const dir = tempDir('crmsync-test-');
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  const storePath = (name: string) => join(dir, '.crmsync', 'local', `${name}.json`);
  const runWith = async (answer: string | undefined, argv: string[]) => {
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (c) => (stdout += c));
    err.on('data', (c) => (stderr += c));
    const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
    if (answer !== undefined) {
      stdin.isTTY = true;
      // Answer once the prompt has been written.
      out.on('data', (c: Buffer) => String(c).includes("Only 'yes'") && stdin.write(`${answer}\n`));
    }
    const code = await main(argv, { stdout: out, stderr: err, stdin, env: { ...process.env }, cwd: dir });
    return { code, stdout, stderr };
  };
  return {
    dir,
    write,
    run: (...argv) => runWith(undefined, argv),
    runTty: (answer, ...argv) => runWith(answer, argv),
    store: (name) => JSON.parse(readFileSync(storePath(name), 'utf8')),
    editStore(name, edit) {
      const data = JSON.parse(readFileSync(storePath(name), 'utf8')) as LocalStoreData;
      const before = JSON.parse(JSON.stringify(data)) as LocalStoreData;
      edit(data);
      // Like the app would: every changed record gets a new revision and, unless the edit set
      // one, a new modification time, so incremental reads see it.
      for (const [object, o] of Object.entries(data.objects)) {
        for (const [id, r] of Object.entries(o.records)) {
          const old = before.objects[object]?.records[id];
          if (old && JSON.stringify(old) === JSON.stringify(r)) continue;
          r.rev = ++data.rev;
          if (!old || old.modifiedAt === r.modifiedAt) {
            const next = new Date(Math.max(Date.now(), Date.parse(data.clock) + 1)).toISOString();
            r.modifiedAt = next;
            data.clock = next;
          }
        }
      }
      // Atomically, as the app would: a run reading the store meanwhile (apply --watch) never
      // sees half a file.
      writeFileSync(`${storePath(name)}.edit`, JSON.stringify(data));
      renameSync(`${storePath(name)}.edit`, storePath(name));
    },
    // As plain data: the decoded syncs map has no prototype, which deep equality would tell apart.
    state: () =>
      JSON.parse(JSON.stringify(decodeStateText(readFileSync(join(dir, '.crmsync', 'state.json'), 'utf8'), join(dir, '.crmsync', 'state.json')))) as StateFile,
    exists: (path) => existsSync(join(dir, path)),
    read: (path) => readFileSync(join(dir, path), 'utf8'),
  };
}

/** A HubSpot sandbox (left) and a local store `b` (right), with a two-way contacts sync between them. */
export function hubspotAndStore(options: { sandbox?: string; seedB?: string; sync?: string } = {}): Record<string, string> {
  return {
    'syncs/connections.yaml': `connections:
  hubspot:
    app: hubspot
    sandbox: ${options.sandbox ?? '{ seed: { contacts: 6, companies: 0, from: 0 } }'}
  b:
    app: local
    sandbox: { seed: ${options.seedB ?? '{ contacts: 0, companies: 0, from: 0 }'} }
`,
    'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: hubspot }
  right: { connection: b }
  direction: two-way
${options.sync ?? '  conflict: { winner: hubspot }'}
`,
  };
}

/** Moves a sync's recorded last full read back by `hours`, as if that much time had passed (reconcile_every). */
export function ageFullRead(p: Project, sync: string, hours: number): string {
  const state = p.state();
  const at = new Date(Date.parse(state.syncs[sync]!.fullReadAt!) - hours * 3_600_000).toISOString();
  state.syncs[sync]!.fullReadAt = at;
  writeFileSync(join(p.dir, '.crmsync', 'state.json'), JSON.stringify(state));
  return at;
}

/** Records of a local store object as a list. */
export const records = (data: LocalStoreData, object = 'contacts') => Object.values(data.objects[object]!.records).filter((r) => !r.deleted && !r.archived);

/** Two local stores and one contacts sync between them; `sync` is YAML lines appended to the sync. */
export function twoStores(options: { sync?: string; seedA?: string; seedB?: string } = {}): Record<string, string> {
  return {
    'syncs/connections.yaml': `connections:
  a:
    app: local
    sandbox:
      seed: ${options.seedA ?? '{ contacts: 6, companies: 0, from: 0 }'}
  b:
    app: local
    sandbox:
      seed: ${options.seedB ?? '{ contacts: 6, companies: 0, from: 3 }'}
`,
    'syncs/contacts.yaml': `sync:
  name: contacts
  object: contacts
  left: { connection: a }
  right: { connection: b }
${
  options.sync ??
  `  direction: two-way
  conflict: { winner: a }`
}
`,
  };
}
