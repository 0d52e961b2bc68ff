/**
 * Creating connectors from compiled connections (the I/O edge): secrets are resolved here, from
 * the environment or the secrets file, and never stored anywhere else.
 */
import { join, resolve } from 'node:path';
import type { CompiledConnection } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import { createLocalConnector } from './local/connector.js';
import { seedLocalStore } from './local/seed.js';
import type { Connector } from './types.js';
import { createGoogleConnector } from './google/connector.js';
import { startGoogleEmulator } from './google/emulator/server.js';
import { closingWith, SANDBOX_TOKEN, sandboxFile, sandboxSeed } from './sandbox.js';
import type { LimiterOptions } from './shared/limiter.js';
import ms from 'ms';

const limiterOf = (rate: { max: number; window: string } | undefined): LimiterOptions | undefined =>
  rate ? { max: rate.max, windowMs: ms(rate.window as ms.StringValue) } : undefined;

export interface OpenOptions {
  /** Google (R20): read Other contacts too only when some sync asks for folder: all. */
  googleFolder?: 'contacts' | 'all';
  root: string;
  env: NodeJS.ProcessEnv;
  secrets: Record<string, string>;
}

export function secretValue(conn: CompiledConnection, key: string, options: OpenOptions): string | undefined {
  const ref = (conn.config as unknown as Record<string, unknown>)[key] as { env?: string; secret?: string } | undefined;
  if (!ref) return undefined;
  const value = ref.env !== undefined ? options.env[ref.env] : options.secrets[ref.secret!];
  if (value === undefined || value === '') {
    throw new CrmsyncError('secret-missing',
      `connection \`${conn.name}\` (${conn.source.file}:${conn.source.line}:${conn.source.col}) needs ${key}, but ${ref.env !== undefined ? `environment variable ${ref.env}` : `secret ${ref.secret} in the secrets file`} is not set`,
      ref.env !== undefined ? `export ${ref.env}=… before running crmsync` : `add ${ref.secret}=… to the secrets file`);
  }
  return value;
}

export async function openConnector(conn: CompiledConnection, options: OpenOptions): Promise<Connector> {
  const config = conn.config;
  switch (config.app) {
    case 'local': {
      const path = resolve(options.root, config.path ?? join('.crmsync', 'local', `${conn.name}.json`));
      if (config.sandbox) await seedLocalStore(path, config.sandbox === true ? {} : config.sandbox.seed ?? {});
      return createLocalConnector({ name: conn.name, path });
    }
    case 'google': {
      if (config.sandbox) {
        const emulator = await startGoogleEmulator({ accessToken: SANDBOX_TOKEN, file: sandboxFile(options.root, conn.name), seed: sandboxSeed(config.sandbox) ?? { contacts: 40, from: 20 } });
        const connector = createGoogleConnector({ name: conn.name, accessToken: SANDBOX_TOKEN, rootUrl: `${emulator.url}/`, limiter: { max: 1000, windowMs: 1000 }, filter: { folder: options.googleFolder ?? 'contacts' } });
        return closingWith(connector, () => emulator.close());
      }
      return createGoogleConnector({ name: conn.name, accessToken: secretValue(conn, 'access_token', options)!, filter: { folder: options.googleFolder ?? 'contacts' }, ...(config.root_url ? { rootUrl: config.root_url } : {}), ...(config.rate_limit ? { limiter: limiterOf(config.rate_limit) } : {}) });
    }
    default:
      throw new CrmsyncError('connection-failed', `connection \`${conn.name}\`: the ${config.app} connector is not available in this build`, 'use a local connection');
  }
}
