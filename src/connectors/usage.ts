/**
 * What a run's API calls cost, per connection: how many calls it made, how long its client-side
 * limiter held calls back for the app's rate limit, and the 429s the app answered with the pause
 * they caused. The summary of plan and apply prints it, and `--json` carries it (`calls`), so a
 * slow run says why instead of looking hung.
 */
import type { AppName, CallStats, Connector } from './types.js';

export interface ConnectionUsage {
  connection: string;
  app: AppName;
  calls: number;
  /** Calls the limiter held back, and the time it held them in all (ms). */
  held?: { calls: number; ms: number };
  /** Calls the app refused for its rate limit and that were retried, and the pause they caused (ms). */
  refused?: { calls: number; ms: number };
}

/** Each connection's usage, in the order the connections were opened. */
export function usageOf(connectors: Record<string, Pick<Connector, 'app' | 'stats'>>): ConnectionUsage[] {
  return Object.entries(connectors).map(([connection, c]) => {
    const { calls, held, refused }: CallStats = c.stats();
    return { connection, app: c.app, calls, ...(held ? { held } : {}), ...(refused ? { refused } : {}) };
  });
}
