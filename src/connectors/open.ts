/**
 * Opening connectors (the I/O edge): a `sandbox: true` connection starts the app's emulator, any
 * other reaches the real app; secrets are resolved by the app's entry, from the environment or the
 * secrets file, and never stored anywhere else.
 */
import type { CompiledConnection } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { entryOf, type Apps, type OpenOptions } from './app-entry.js';
import type { Connector } from './types.js';

export async function openConnector(conn: CompiledConnection, options: OpenOptions, apps: Apps): Promise<Connector> {
  const entry = entryOf(apps, conn.app);
  if (!entry) {
    throw new CrmsyncError(
      'connection-failed',
      `connection \`${conn.name}\`: unknown app ${JSON.stringify(conn.app)}`,
      `use one of: ${Object.keys(apps).join(', ')}`,
    );
  }
  const sandbox = (conn.config as { sandbox?: unknown }).sandbox;
  if (!sandbox) return entry.open(conn, options);
  if (!entry.sandbox)
    throw new CrmsyncError('connection-failed', `connection \`${conn.name}\`: ${entry.label} has no sandbox`, 'remove `sandbox:` and give credentials');
  return entry.sandbox(conn, options);
}
