/**
 * A real PostgreSQL server for the tests: CRMSYNC_TEST_PG_URL when set, otherwise one server started
 * for the whole test run from the machine's PostgreSQL binaries (Debian's postgresql package, or
 * PG_BIN), stopped when the run ends. Each test file takes a fresh database of its own.
 *
 * initdb refuses to run as root, so as root the cluster is created and run as the unprivileged
 * user `nobody` (through runuser). When no server can be had, this throws: the Postgres tests fail,
 * they never skip.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

let server: Promise<string> | undefined;
let child: ChildProcess | undefined;
let counter = 0;

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error('no PostgreSQL server to test against: set CRMSYNC_TEST_PG_URL, or install PostgreSQL (apt-get install postgresql) or set PG_BIN');
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs a PostgreSQL binary, as `nobody` when this process is root. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
}

async function waitReady(url: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || child?.exitCode != null) throw new Error(`the test PostgreSQL server did not start: ${(error as Error).message}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function start(): Promise<string> {
  if (process.env.CRMSYNC_TEST_PG_URL) return process.env.CRMSYNC_TEST_PG_URL;
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'crmsync-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [cmd, args] = asServerUser(join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'max_connections=200',
  ]);
  let log = '';
  child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c) => (log += c));
  child.stderr!.on('data', (c) => (log += c));
  process.on('exit', () => {
    // Synchronously: a fast shutdown, waited for, then the cluster's folder goes.
    const [stopCmd, stopArgs] = asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
    try {
      execFileSync(stopCmd, stopArgs, { stdio: 'ignore' });
    } catch {
      child?.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitReady(url, () => log);
  // uvu has no global teardown: stop the server once the run's event loop has nothing else to do.
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stderr as unknown as { unref(): void }).unref();
  return url;
}

/** The test run's server (started once), as a URL to its maintenance database. */
export function testServer(): Promise<string> {
  server ??= start();
  return server;
}

/** A fresh, empty database on the test server, as a connection URL. */
export async function freshDatabase(label: string): Promise<string> {
  const url = await testServer();
  const name = `crmsync_${label.replace(/\W/g, '_').toLowerCase()}_${process.pid}_${++counter}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
