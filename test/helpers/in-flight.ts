/** Counts requests in flight across emulators' servers, keeping the most seen at once. */
import type { Server } from 'node:http';

export function inFlight(servers: Server[]): { most: () => number } {
  let now = 0;
  let most = 0;
  for (const server of servers) {
    server.prependListener('request', (_req, res) => {
      most = Math.max(most, ++now);
      res.once('close', () => now--);
    });
  }
  return { most: () => most };
}
