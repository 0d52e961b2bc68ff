/**
 * Shared by the HubSpot tests: a raw SDK client pointed at an emulator (retries off, the same
 * settings the connector uses, since the SDK's decorators are process-wide), a way to catch the
 * SDK's ApiException, and a retry policy fast enough for tests.
 */
import type { Client } from '@hubspot/api-client';
import { createSdkClient } from '../../../src/connectors/hubspot/calls.js';
import type { HubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import type { RetryPolicy } from '../../../src/connectors/shared/retry.js';

export function sdkFor(emulator: HubSpotEmulator, token = emulator.token): Client {
  return createSdkClient(token, emulator.url);
}

export interface ApiFailure {
  code: number;
  body: Record<string, unknown> & { category?: string; message?: string };
  headers: Record<string, string>;
}

/** The ApiException a call throws; fails the test when it succeeds. */
export async function failure(call: Promise<unknown>): Promise<ApiFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as ApiFailure;
    if (typeof e.code !== 'number') throw error;
    return e;
  }
  throw new Error('expected the call to fail');
}

export const FAST_RETRY: RetryPolicy = { attempts: 8, baseMs: 2, maxMs: 10 };
