/**
 * Reaching a project's Google sandbox between crmsync runs, like inHubSpot and inSalesforce: the
 * emulator is started on the sandbox's data file and driven through the official People client.
 * The emulator itself is passed too, for what Google offers no API for (Other contacts appear when
 * the user emails someone; Trash is emptied in the web UI).
 */
import { people, type people_v1 } from '@googleapis/people';
import { OAuth2Client } from 'google-auth-library';
import { startGoogleEmulator, type GoogleEmulator, type GoogleSeed } from '../../src/connectors/google/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import type { Project } from './project.js';

/**
 * `seed` is the sandbox's seed from the sync files. crmsync seeds a Google sandbox whose data file
 * holds nothing yet, and that file is only written once something changes in Google, so a sandbox
 * that crmsync has only read from must be opened with its seed to show the same account.
 */
export async function inGoogle<T>(
  p: Project,
  act: (google: people_v1.People, emulator: GoogleEmulator) => Promise<T>,
  options: { seed?: GoogleSeed; connection?: string } = {},
): Promise<T> {
  const file = `${p.dir}/.crmsync/sandbox/${options.connection ?? 'google'}.json`;
  const emulator = await startGoogleEmulator({ accessToken: SANDBOX_TOKEN, file, ...(options.seed ? { seed: options.seed } : {}) });
  try {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: SANDBOX_TOKEN });
    return await act(people({ version: 'v1', auth, rootUrl: `${emulator.url}/`, retry: false }), emulator);
  } finally {
    await emulator.close();
  }
}

/** Every live contact in My Contacts or Other contacts, as stored. */
export const googleContacts = (p: Project, options: { seed?: GoogleSeed; connection?: string } = {}) =>
  inGoogle(p, async (_, emulator) => [...emulator.store.people.values()].filter((x) => x.state === 'live'), options);

/** The first email of a stored Google person. */
export const emailOf = (person: { data: Record<string, Record<string, unknown>[]> }) => person.data.emailAddresses?.[0]?.value as string | undefined;
