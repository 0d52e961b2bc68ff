/**
 * Shared set-up for the Google tests: an emulator on loopback with a clock the test moves, the
 * official client pointed at it (its own retry off, as the connector runs it), and a fast retry
 * policy so refused calls do not make the suite slow.
 */
import { people, type people_v1 } from '@googleapis/people';
import { OAuth2Client } from 'google-auth-library';
import { createGoogleConnector, type GoogleConnectorOptions } from '../../../src/connectors/google/connector.js';
import { startGoogleEmulator, type GoogleEmulator, type GoogleEmulatorOptions } from '../../../src/connectors/google/emulator/server.js';
import type { RetryPolicy } from '../../../src/connectors/shared/retry.js';

export const TOKEN = 'test-token';
export const FAST_RETRY: RetryPolicy = { attempts: 3, baseMs: 5, maxMs: 20 };
export const NO_QUOTA = { readsPerMinute: Infinity, writesPerMinute: Infinity };

/** A clock the emulator reads; tests move it forward (sync-token expiry, quota windows). */
export function testClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  const clock = { ms: start, now: () => clock.ms, advance: (ms: number) => void (clock.ms += ms) };
  return clock;
}

export function startEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  return startGoogleEmulator({ accessToken: TOKEN, quotas: NO_QUOTA, ...options });
}

/** The official client, unmodified, against the emulator. */
export function rawClient(emulator: GoogleEmulator, token = TOKEN): people_v1.People {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: token });
  return people({ version: 'v1', auth, rootUrl: `${emulator.url}/`, retry: false });
}

export function connectorFor(emulator: GoogleEmulator, options: Partial<GoogleConnectorOptions> = {}) {
  return createGoogleConnector({ name: 'google', accessToken: TOKEN, rootUrl: `${emulator.url}/`, retry: FAST_RETRY, ...options });
}

/** Runs `fn` and returns what it threw (the GaxiosError), failing when it did not throw. */
export async function thrown(fn: () => Promise<unknown>): Promise<{ status?: number; response?: { status: number; data: any } }> {
  try {
    await fn();
  } catch (error) {
    return error as { status?: number; response?: { status: number; data: any } };
  }
  throw new Error('expected the call to fail');
}

export const ALL_FIELDS = 'names,emailAddresses,phoneNumbers,organizations,addresses,biographies,birthdays,memberships,metadata,clientData';
