/** Credentials: the secrets file named by settings.secrets_file (KEY=value lines, # comments), and a connection's secret references resolved. */
import { readFile } from 'node:fs/promises';
import ms from 'ms';
import type { CompiledConnection } from '../config/model.js';
import { CrmsyncError } from '../errors.js';
import type { OpenOptions } from './app-entry.js';
import type { LimiterOptions } from './shared/limiter.js';

export async function parseSecrets(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CrmsyncError('secret-missing', `the secrets file ${path} cannot be read`, 'create it (KEY=value lines) or fix settings.secrets_file');
  }
  // KEY names are the user's (`toString` is one): no inherited keys may answer for them.
  const out: Record<string, string> = Object.create(null);
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

const ownString = (from: Record<string, unknown>, key: string): string | undefined => {
  const v = Object.hasOwn(from, key) ? from[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

/** The value of the credential `key` of a connection, from the environment or the secrets file. */
export function secretValue(conn: CompiledConnection, key: string, options: Pick<OpenOptions, 'env' | 'secrets'>): string | undefined {
  const ref = (conn.config as unknown as Record<string, unknown>)[key] as { env?: string; secret?: string } | undefined;
  if (!ref) return undefined;
  // Own keys only: `{ env: constructor }` must not find Object's constructor.
  const value = ref.env !== undefined ? ownString(options.env, ref.env) : ownString(options.secrets, ref.secret!);
  if (value === undefined || value === '') {
    throw new CrmsyncError(
      'secret-missing',
      `connection \`${conn.name}\` (${conn.source.file}:${conn.source.line}:${conn.source.col}) needs ${key}, but ${ref.env !== undefined ? `environment variable ${ref.env}` : `secret ${ref.secret} in the secrets file`} is not set`,
      ref.env !== undefined ? `export ${ref.env}=… before running crmsync` : `add ${ref.secret}=… to the secrets file`,
    );
  }
  return value;
}

/** A connection's `rate_limit`, as the connectors' client-side limiter option takes it. */
export const rateLimited = (config: { rate_limit?: { max: number; window: string } }): { limiter?: LimiterOptions } =>
  config.rate_limit ? { limiter: { max: config.rate_limit.max, windowMs: ms(config.rate_limit.window as ms.StringValue) } } : {};

/** Retry and rate-limit reports tagged with the connection's name, as the connectors' retry hooks take them. */
export const retryHooksOf = (name: string, options: Pick<OpenOptions, 'onRetry' | 'onHeld'>) => {
  const { onRetry, onHeld } = options;
  if (!onRetry && !onHeld) return {};
  return {
    retryHooks: {
      ...(onRetry ? { onRetry: (attempt: number, waitMs: number, error: unknown) => onRetry(name, attempt, waitMs, error) } : {}),
      ...(onHeld ? { onHeld: (ms: number) => onHeld(name, ms) } : {}),
    },
  };
};
