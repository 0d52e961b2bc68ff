/**
 * `crmsync sandbox`: every registered app's emulator that can run as a server (`sandboxServer` in
 * its registry entry), seeded, on loopback ports, until Ctrl-C; prints the connection settings to
 * paste into syncs/ (or use `sandbox: true`, which runs them in-process). It names no app: a new
 * app's entry brings its own server, port option and settings.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Apps, RunningSandbox, SandboxServer } from '../connectors/app-entry.js';
import { APPS } from '../connectors/registry.js';
import { EXIT, println, type CliIO } from './io.js';

export interface SandboxArgs {
  /** Each app's port by its name; an app left out takes its default, 0 picks a free port. */
  ports: Record<string, number | undefined>;
  contacts: number;
  /** Start from fresh demo data (seeded with `contacts`) instead of the data saved by the last run. */
  reset?: boolean;
  /** Stop when this resolves (tests); otherwise on SIGINT / SIGTERM. */
  until?: Promise<void>;
  /** The registry (a program or a test may pass its own); the built-in apps by default. */
  apps?: Apps;
}

/** The apps `crmsync sandbox` runs, in registry order, with their servers. */
export const sandboxServers = (apps: Apps = APPS): Array<{ name: string; label: string; server: SandboxServer }> =>
  Object.entries(apps).flatMap(([name, entry]) => (entry.sandboxServer ? [{ name, label: entry.label, server: entry.sandboxServer }] : []));

export async function sandboxCommand(io: CliIO, args: SandboxArgs): Promise<number> {
  const servers = sandboxServers(args.apps);
  const dir = resolve(io.cwd, '.crmsync', 'sandbox-server');
  mkdirSync(dir, { recursive: true });
  // The data of the last run is kept between runs; --reset starts again from fresh demo data.
  const data = servers.map(({ name }) => `${name}.json`);
  const seedFile = join(dir, 'seed.json');
  if (args.reset) for (const file of [...data, 'seed.json']) rmSync(join(dir, file), { force: true });
  const saved = existsSync(seedFile) ? (JSON.parse(readFileSync(seedFile, 'utf8')) as { contacts: number }) : undefined;
  if (data.some((file) => existsSync(join(dir, file)))) {
    const seeded = saved ? ` (seeded with ${saved.contacts} contacts per app)` : '';
    println(io.stdout, `Reusing the sandbox data saved in ${dir}${seeded}; crmsync sandbox --reset starts from fresh demo data.`);
    if (saved && saved.contacts !== args.contacts) println(io.stdout, `Note: --contacts ${args.contacts} applies to fresh data only; add --reset to reseed.`);
  } else writeFileSync(seedFile, JSON.stringify({ contacts: args.contacts }));
  const running: Array<[string, RunningSandbox]> = [];
  try {
    for (const { name, server } of servers)
      running.push([name, await server.start({ port: args.ports[name] ?? server.port, file: join(dir, `${name}.json`), dir, contacts: args.contacts })]);
    println(io.stdout, `Sandbox running (data in ${dir}). Press Ctrl-C to stop.\n\n${settings(running)}`);
    await (args.until ??
      new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      }));
  } finally {
    await Promise.all(running.map(([, sandbox]) => sandbox.close()));
  }
  println(io.stdout, 'Sandbox stopped; its data is saved.');
  return EXIT.ok;
}

/** The exports, the notes and the `connections:` block, for every app running. */
function settings(running: Array<[string, RunningSandbox]>): string {
  const exports = running.flatMap(([, s]) => Object.entries(s.env).map(([k, v]) => `${k}=${v}`)).join(' ');
  const notes = running.flatMap(([, s]) => s.notes.map((line) => `# ${line}`));
  const connections = running.map(([name, s]) => [`  ${name}:`, `    app: ${name}`, ...s.connection.map((line) => `    ${line}`)].join('\n'));
  return [`export ${exports}`, ...notes, '', 'connections:', ...connections].join('\n');
}
