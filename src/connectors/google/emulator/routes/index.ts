/** Every route the emulator serves, matched in order. */
import { batchRoutes } from './batch.js';
import { connectionRoutes } from './connections.js';
import type { Route } from './context.js';
import { groupRoutes } from './groups.js';
import { peopleRoutes } from './people.js';

export const ROUTES: Route[] = [...connectionRoutes, ...peopleRoutes, ...batchRoutes, ...groupRoutes];

export function findRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, params: m.slice(1) };
  }
  return undefined;
}

export type { Route, RouteContext } from './context.js';
