/**
 * Reaching a project's sandbox apps between crmsync runs: the emulator is started on the sandbox's
 * data file and driven through the app's official client, as a user of the app would.
 */
import { Connection } from 'jsforce';
import { Client } from '@hubspot/api-client';
import { startHubSpotEmulator } from '../../src/connectors/hubspot/emulator/server.js';
import type { CustomObjectOptions } from '../../src/connectors/salesforce/emulator/options.js';
import { startSalesforceEmulator } from '../../src/connectors/salesforce/emulator/server.js';
import { SANDBOX_TOKEN } from '../../src/connectors/sandbox.js';
import type { Project } from './project.js';

export async function inSalesforce<T>(
  p: Project,
  act: (sf: Connection) => Promise<T>,
  customObjects: CustomObjectOptions[] = [],
  connection = 'salesforce',
): Promise<T> {
  const emu = await startSalesforceEmulator({ accessToken: SANDBOX_TOKEN, persistPath: `${p.dir}/.crmsync/sandbox/${connection}.json`, customObjects });
  try {
    return await act(new Connection({ instanceUrl: emu.url, accessToken: SANDBOX_TOKEN, version: '59.0' }));
  } finally {
    await emu.close();
  }
}

export async function inHubSpot<T>(p: Project, act: (hs: Client) => Promise<T>, connection = 'hubspot'): Promise<T> {
  const emu = await startHubSpotEmulator({ tokens: [SANDBOX_TOKEN], persistPath: `${p.dir}/.crmsync/sandbox/${connection}.json` });
  try {
    return await act(new Client({ accessToken: SANDBOX_TOKEN, basePath: emu.url, numberOfApiCallRetries: 0 }));
  } finally {
    await emu.close();
  }
}
