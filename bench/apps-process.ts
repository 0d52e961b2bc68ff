/**
 * The handshake between a bench case and the process that hosts its apps (emulators.ts,
 * limited-apps.ts): the host prints one JSON line of addresses once it listens, and exits when
 * its stdin ends. Shared so both benches start and stop their apps the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { createInterface } from 'node:readline';

export interface AppUrls {
  hubspot: string;
  salesforce: string;
  /** Only the limited apps serve Google. */
  google?: string;
  control: string;
}

/** Starts `script` with `args` in its own Node process and waits for its addresses. */
export async function startApps(script: string, args: string[], nodeOptions: string[] = []): Promise<{ host: ChildProcess; urls: AppUrls }> {
  const host = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const urls: AppUrls = await new Promise((done, fail) => {
    createInterface({ input: host.stdout! }).once('line', (line) => done(JSON.parse(line)));
    host.once('exit', (code) => fail(new Error(`the apps exited (${code})`)));
  });
  return { host, urls };
}

/** In the host: listens on `control`, prints the addresses, and closes everything when stdin ends. */
export async function serveApps(
  control: Server,
  apps: Record<'hubspot' | 'salesforce', { url: string; close(): Promise<void> }> & { google?: { url: string; close(): Promise<void> } },
): Promise<void> {
  await new Promise<void>((done) => control.listen(0, '127.0.0.1', done));
  const port = (control.address() as { port: number }).port;
  const urls = Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.url]));
  process.stdout.write(`${JSON.stringify({ ...urls, control: `http://127.0.0.1:${port}` })}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    control.close();
    await Promise.all(Object.values(apps).map((app) => app.close()));
    process.exit(0);
  });
}
