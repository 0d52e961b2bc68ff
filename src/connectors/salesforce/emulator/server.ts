/**
 * A Salesforce org on loopback that unmodified jsforce can log in to and work with: SOAP and OAuth2
 * logins, SOQL with paging, sObject CRUD and Collections, describe, limits, and the daily API
 * budget, following shared/reference/apis.md §2. Importing this module starts nothing.
 */
import { startHttpEmulator, type FaultOptions, type HttpEmulator } from '../../shared/emulator-http.js';
import { COLLECTION_MAX_RECORDS, DEFAULT_API_VERSION, DEFAULT_DAILY_API_LIMIT, QUERY_PAGE_SIZE } from '../limits.js';
import { ApiBudget } from './budget.js';
import { QueryCursors } from './cursors.js';
import { errorResponse, sfError } from './errors.js';
import type { ConnectedApp, EmulatorUser, SalesforceEmulatorOptions, ValidationRule } from './options.js';
import { debounce, loadSnapshot, saveSnapshot } from './persist.js';
import { handle, routeName } from './routes/index.js';
import type { EmulatorState } from './routes/state.js';
import { buildSpecs, withSuffix } from './schema.js';
import { seedCustomObject, seedStore } from './seed.js';
import { DEFAULT_CONNECTED_APP, DEFAULT_USER, Sessions } from './sessions.js';
import { SalesforceStore } from './store.js';
import { mergeRecords } from './records.js';
import type { SfObjectSpec } from '../standard-objects.js';

export type { SalesforceEmulatorOptions, ValidationRule, EmulatorUser, ConnectedApp, CustomObjectOptions, CustomFieldOptions, SeedOptions } from './options.js';

export interface SalesforceEmulator {
  url: string;
  port: number;
  /** Where `conn.login()` goes: the emulator is its own login host (production or sandbox, R4). */
  loginUrl: string;
  /** A session id that works without logging in. */
  accessToken: string;
  /** The first user, for `conn.login(user.username, user.password)`. */
  user: EmulatorUser;
  /** The org's connected apps (OAuth 2.0 client credentials and JWT bearer); tests may push. */
  connectedApps: ConnectedApp[];
  /** Direct access to the org's records, for tests. */
  store: SalesforceStore;
  /** Ids of the seeded records, by object. */
  seeded: Record<string, string[]>;
  /** Requests served, by route (`GET query`, `POST collections/create`, …). */
  calls: HttpEmulator['calls'];
  /** The HTTP server, for tests that watch requests as they come. */
  server: HttpEmulator['server'];
  /** Validation rules in force; tests may push and splice. */
  validationRules: ValidationRule[];
  setFaults(faults: FaultOptions | null): void;
  setDuplicateRules(on: boolean): void;
  apiUsage(): { used: number; limit: number };
  /** Sets the daily usage (and optionally the allowance), e.g. to just below the limit. */
  setApiUsage(used: number, limit?: number): void;
  /** Field-level security: hides a field from the API user (or shows it again with `hidden: false`). */
  setFieldHidden(object: string, field: string, hidden?: boolean): void;
  /** Another transaction holds these records: the next `times` writes touching each fail with UNABLE_TO_LOCK_ROW. */
  lockRecords(ids: string[], times?: number): void;
  /**
   * A system update (a roll-up summary or formula recalculated, sharing recomputed): SystemModstamp
   * moves, LastModifiedDate does not (apis.md §2.7).
   */
  systemUpdate(id: string): void;
  /** Merges up to two records into `masterId`, as a user does in the app (see mergeRecords). */
  merge(masterId: string, loserIds: string[]): void;
  /** Invalidates every session, so the next call gets 401 INVALID_SESSION_ID. */
  expireSessions(): void;
  /** Saves pending changes (when persisting) and stops the server. */
  close(): Promise<void>;
}

/** Marks standard picklists restricted, as an admin can ("Restrict picklist to the values defined in the value set"). */
function restrict(specs: SfObjectSpec[], restricted: Record<string, string[]>): SfObjectSpec[] {
  return specs.map((o) => {
    const names = Object.entries(restricted).find(([name]) => name.toLowerCase() === o.name.toLowerCase())?.[1];
    return names ? { ...o, fields: o.fields.map((f) => (names.includes(f.name) ? { ...f, restricted: true } : f)) } : o;
  });
}

function hideField(store: SalesforceStore, object: string, field: string, hidden: boolean): void {
  const table = store.table(object);
  if (!table) throw new Error(`no object ${object}`);
  if (hidden) table.hidden.add(field.toLowerCase());
  else table.hidden.delete(field.toLowerCase());
}

export async function startSalesforceEmulator(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const now = options.now ?? Date.now;
  const store = new SalesforceStore(restrict(buildSpecs(options.customObjects, options.customFields), options.restrictedPicklists ?? {}), now, options.org);
  const budget = new ApiBudget(options.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT, now);
  const accessToken = options.accessToken ?? `${store.orgId.slice(0, 15)}!AQemulator.static.session`;
  const users = options.users?.length ? options.users : [DEFAULT_USER];
  const validationRules = [...(options.validationRules ?? [])];
  const connectedApps = options.connectedApps ?? [{ ...DEFAULT_CONNECTED_APP, runAs: users[0]!.username }];
  const persist = options.persistPath;
  const saver = debounce(() => persist && saveSnapshot(persist, store, budget), 1000);

  const state: EmulatorState = {
    store,
    budget,
    sessions: new Sessions(store.orgId, users, accessToken),
    connectedApps,
    cursors: new QueryCursors(now),
    write: { store, duplicateRules: options.duplicateRules ?? true, validationRules, locks: new Map() },
    version: options.version ?? DEFAULT_API_VERSION,
    sandbox: options.sandbox ?? false,
    pageSize: options.pageSize ?? QUERY_PAGE_SIZE,
    maxCollection: options.maxCollection ?? COLLECTION_MAX_RECORDS,
    url: '',
    changed: () => persist && saver.schedule(),
  };
  store.onChange = state.changed;
  for (const [object, fields] of Object.entries(options.hiddenFields ?? {})) for (const f of fields) hideField(store, object, f, true);
  const loaded = persist ? loadSnapshot(persist, store, budget) : false;
  // A persisted org keeps its data; seeding applies only to a fresh one.
  const seeded = options.seed && !loaded ? seedStore(store, options.seed) : {};
  if (!loaded) for (const o of options.customObjects ?? []) if (o.records) seedCustomObject(store, withSuffix(o.name), o.records);

  const http = await startHttpEmulator({
    port: options.port,
    handler: (req) => handle(state, req),
    routeName,
    faults: options.faults,
    faultResponses: {
      // The app's short-term refusal is a 403 on concurrent requests, not a 429 [?].
      rateLimit: () => errorResponse(403, sfError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentRequests (Concurrent API Requests) Limit exceeded.')),
      serverError: () => errorResponse(503, sfError('SERVER_UNAVAILABLE', 'Server is unavailable. Please try again later.')),
    },
  });
  state.url = http.url;

  return {
    url: http.url,
    port: http.port,
    loginUrl: http.url,
    accessToken,
    user: users[0]!,
    connectedApps,
    store,
    seeded,
    calls: http.calls,
    server: http.server,
    validationRules,
    setFaults: http.setFaults,
    setDuplicateRules: (on) => {
      state.write.duplicateRules = on;
    },
    apiUsage: () => ({ used: budget.used(), limit: budget.limit }),
    setApiUsage: (used, limit) => {
      if (limit !== undefined) budget.limit = limit;
      budget.set(used);
    },
    expireSessions: () => state.sessions.expireAll(),
    setFieldHidden: (object, field, hidden = true) => hideField(store, object, field, hidden),
    systemUpdate: (id) => {
      const hit = store.get(id);
      if (!hit) throw new Error(`no record ${id}`);
      hit.table.put({ ...hit.row, SystemModstamp: store.nextStamp() });
      state.changed();
    },
    merge: (masterId, loserIds) => {
      const outcome = mergeRecords(state.write, masterId, loserIds, store.nextStamp());
      if (!outcome.ok) throw new Error(outcome.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
      state.changed();
    },
    lockRecords: (ids, times = 1) => {
      for (const id of ids) state.write.locks.set(id, times);
    },
    close: async () => {
      saver.flush();
      await http.close();
    },
  };
}
