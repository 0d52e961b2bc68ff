/**
 * Where an engine run's wall time went, from the apps' side: for each app, when each kind of call
 * started and ended (seconds from the engine's start), and the gaps longer than `gapMs` when the
 * app had no request in flight. A gap on both apps at once is time the engine spent on its own
 * (planning, state saves) or waiting for nothing.
 */
export type Call = [route: string, at: number, end: number];

export interface AppTimeline {
  routes: Record<string, { calls: number; from: number; to: number }>;
  idle: Array<[from: number, to: number]>;
  idleS: number;
}

const s = (ms: number) => Math.round(ms / 100) / 10;

/** Spans in seconds from `t0`, gaps of the app's union of calls between `t0` and `t1`. */
export function timelineOf(calls: Call[], t0: number, t1: number, gapMs = 250): AppTimeline {
  const routes: AppTimeline['routes'] = {};
  for (const [route, at, end] of calls) {
    const r = (routes[route] ??= { calls: 0, from: Infinity, to: -Infinity });
    r.calls++;
    r.from = Math.min(r.from, at);
    r.to = Math.max(r.to, end);
  }
  for (const r of Object.values(routes)) Object.assign(r, { from: s(r.from - t0), to: s(r.to - t0) });
  const idle: AppTimeline['idle'] = [];
  let idleMs = 0;
  let busyUntil = t0;
  for (const [, at, end] of [...calls].sort((a, b) => a[1] - b[1])) {
    if (at - busyUntil > gapMs) idle.push([s(busyUntil - t0), s(at - t0)]), (idleMs += at - busyUntil);
    busyUntil = Math.max(busyUntil, end);
  }
  if (t1 - busyUntil > gapMs) idle.push([s(busyUntil - t0), s(t1 - t0)]), (idleMs += t1 - busyUntil);
  return { routes, idle, idleS: s(idleMs) };
}
