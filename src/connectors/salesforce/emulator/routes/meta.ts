/** GET /services/data (versions), the version root (resources) and /limits. */
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import type { EmulatorState, RestRequest } from './state.js';

const RELEASES: Record<number, string> = {
  55: "Summer '22",
  56: "Winter '23",
  57: "Spring '23",
  58: "Summer '23",
  59: "Winter '24",
  60: "Spring '24",
  61: "Summer '24",
  62: "Winter '25",
};

export function versions(state: EmulatorState): EmulatorResponse {
  const newest = Math.floor(Number(state.version));
  const list = [];
  for (let v = 20; v <= newest; v++) list.push({ label: RELEASES[v] ?? `API ${v}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return { status: 200, body: list };
}

export function resources(req: RestRequest): EmulatorResponse {
  const base = `/services/data/v${req.version}`;
  const names = ['sobjects', 'query', 'queryAll', 'composite', 'limits'];
  return { status: 200, body: Object.fromEntries(names.map((n) => [n, `${base}/${n}`])) };
}

export function limits(state: EmulatorState): EmulatorResponse {
  const used = state.budget.used();
  const max = state.budget.limit;
  return {
    status: 200,
    body: {
      DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 1024, Remaining: 1024 },
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
    },
  };
}
