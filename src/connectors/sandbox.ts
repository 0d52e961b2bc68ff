/**
 * `sandbox: true` connections: the app's emulator runs in-process on a loopback port, with its
 * data persisted under .crmsync/sandbox/, so plan and apply work with no account at all. The
 * connector's close() also stops the emulator (and saves its data).
 */
import { mkdirSync } from 'node:fs';
import ms from 'ms';
import { dirname, join, resolve } from 'node:path';
import type { Sandbox, SandboxCustomObject } from '../config/schema-types.js';
import type { Connector } from './types.js';

export const SANDBOX_TOKEN = 'sandbox-token';

/** The sandbox's data file; its folder is created so the emulator can save there. */
export function sandboxFile(root: string, connection: string): string {
  const file = resolve(root, join('.crmsync', 'sandbox', `${connection}.json`));
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

export const sandboxSeed = (sandbox: Sandbox | undefined) => (sandbox && sandbox !== true ? sandbox.seed : undefined);

/** Wraps a connector so that closing it also closes what backs it. */
export function closingWith(connector: Connector, also: () => Promise<void>): Connector {
  return {
    ...connector,
    async close() {
      await connector.close();
      await also();
    },
  };
}

/** A HubSpot sandbox's search index lag (`search_lag`), in ms. */
export const sandboxSearchLagMs = (sandbox: Sandbox | undefined): number =>
  sandbox && sandbox !== true && sandbox.search_lag ? ms(sandbox.search_lag as ms.StringValue) : 0;

/** The custom objects a sandbox declares (R7). */
export const sandboxCustomObjects = (sandbox: Sandbox | undefined): SandboxCustomObject[] =>
  sandbox && sandbox !== true ? (sandbox.custom_objects ?? []) : [];
