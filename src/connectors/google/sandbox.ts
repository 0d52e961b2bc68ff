/** Google's emulator served for `crmsync sandbox`. */
import type { SandboxServer } from '../app-entry.js';
import { SANDBOX_TOKEN } from '../sandbox.js';

export const googleSandboxServer: SandboxServer = {
  port: 4030,
  async start({ port, file, contacts }) {
    // Loaded when started: the emulator is no part of a plan or apply against the real app.
    const { DEFAULT_SCOPES, startGoogleEmulator } = await import('./emulator/server.js');
    const emulator = await startGoogleEmulator({ port, accessToken: SANDBOX_TOKEN, file, seed: { contacts, from: Math.floor(contacts / 4) } });
    return {
      connection: [`root_url: ${emulator.url}/`, 'access_token: { env: GOOGLE_TOKEN }'],
      env: { GOOGLE_TOKEN: SANDBOX_TOKEN },
      notes: [`GOOGLE_TOKEN carries the scopes ${DEFAULT_SCOPES.join(' ')}`],
      close: () => emulator.close(),
    };
  },
};
