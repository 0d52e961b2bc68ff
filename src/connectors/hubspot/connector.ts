/**
 * The HubSpot connector: the engine's Connector over @hubspot/api-client, with the optional
 * capabilities HubSpot has: createField (schema provisioning, R16), associate (R27), findBy, and
 * listMembers plus readByIds (inclusion lists, R21).
 *
 * Associations are read only for the objects named in the `associations` option (e.g.
 * `{ contacts: ['companies'], deals: ['companies'] }`): one v4 batch read per page of records, the
 * result in `meta.associations`, primary first (R28).
 */
import type { AccountGate } from '../shared/account-gate.js';
import type { LimiterClock, LimiterOptions } from '../shared/limiter.js';
import type { RetryHooks, RetryPolicy } from '../shared/retry.js';
import type {
  AccountIdentity,
  AssociationLink,
  Catalogue,
  Connector,
  FieldDef,
  ReadRequest,
  ReadResult,
  RemoteRecord,
  WriteOp,
  WriteResult,
} from '../types.js';
import { MARKER_FIELD } from '../types.js';
import { ConnectorFailure } from '../types.js';
import { associate } from './associations.js';
import { HubSpotCalls } from './calls.js';
import { HUBSPOT_OBJECTS } from './catalogue.js';
import { decodeRecord } from './codec.js';
import { HubSpotContext } from './context.js';
import { toConnectorError } from './errors.js';
import { BATCH_SIZE, DEFAULT_LOOKBACK_MS, SEARCH_IN_VALUES, SEARCH_MAX_BODY_CHARS, SEARCH_PAGE_SIZE, SEARCH_RESULT_CAP } from './limits.js';
import { createProperty, type PropertyRequest } from './provision.js';
import { listMembers } from './lists.js';
import { propertiesFor, read, readByIds } from './read.js';
import { write } from './write.js';

export interface HubSpotConnectorOptions {
  /** The connection's name in the config (R1), used in errors. */
  name: string;
  /** A private app access token. */
  accessToken: string;
  /** Default https://api.hubapi.com; the emulator's URL in tests. */
  baseUrl?: string;
  /** The ten-second budget (default 100 per 10 s, HubSpot's Starter tier). */
  limiter?: LimiterOptions;
  /** The search budget (default 5 per second). */
  searchLimiter?: LimiterOptions;
  /** The limiters' clock (default the system's; tests share a virtual one with the emulator). */
  clock?: LimiterClock;
  /** The account's limiters and in-flight cap, shared by the run's connections to the same account. */
  gate?: AccountGate;
  retry?: RetryPolicy;
  retryHooks?: RetryHooks;
  /** How long one call may take (default 60 s). */
  timeoutMs?: number;
  /** How far incremental reads look back before their cursor (default 30 s). */
  lookbackMs?: number;
  /** Objects this connection syncs (default contacts, companies, deals; add custom objects here). */
  objects?: string[];
  /** Associations to read along with records, by object. */
  associations?: Record<string, string[]>;
  /** A property that stores the engine's create marker (crash recovery); it must exist in HubSpot. */
  markerProperty?: string;
  /** The marker property per object, where it differs from `markerProperty` (`{ tasks: 'crmsync_marker' }`). */
  markerProperties?: Record<string, string>;
}

export interface HubSpotConnector extends Connector {
  findBy(object: string, field: string, values: string[]): Promise<RemoteRecord[]>;
  associate(from: string, to: string, links: AssociationLink[]): Promise<WriteResult[]>;
  /** Creates a property for a field HubSpot lacks (R16); returns it as the catalogue will show it. */
  createProperty(object: string, def: PropertyRequest): Promise<FieldDef>;
}

/**
 * `values` cut into runs whose search body stays within HubSpot's 3,000 characters ("A query can
 * contain a maximum of 3,000 characters", search guide, Limits), at most SEARCH_IN_VALUES each.
 */
export function withinBodyLimit(values: string[], bodyOf: (some: string[]) => unknown): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  for (const v of values) {
    const next = [...run, v];
    if (run.length && (next.length > SEARCH_IN_VALUES || JSON.stringify(bodyOf(next)).length > SEARCH_MAX_BODY_CHARS)) {
      out.push(run);
      run = [v];
    } else run = next;
  }
  if (run.length) out.push(run);
  return out;
}

export function createHubSpotConnector(options: HubSpotConnectorOptions): HubSpotConnector {
  const calls = new HubSpotCalls(options);
  const ctx = new HubSpotContext(
    {
      name: options.name,
      lookbackMs: options.lookbackMs ?? DEFAULT_LOOKBACK_MS,
      associations: options.associations ?? {},
      markerProperty: options.markerProperty,
      markerProperties: options.markerProperties,
    },
    calls,
  );
  const objects = options.objects ?? [...HUBSPOT_OBJECTS];

  /** Secondary email addresses of a contact, semicolon-separated (R25 looks partners up by them). */
  const ADDITIONAL_EMAILS = 'hs_additional_emails';

  async function findBy(object: string, wantedField: string, values: string[]): Promise<RemoteRecord[]> {
    // The engine's marker lives in its property when HubSpot has one; without it there is none.
    const marker = await ctx.liveMarker(object).catch(() => undefined);
    if (wantedField === MARKER_FIELD && !marker) return [];
    const field = wantedField === MARKER_FIELD ? marker! : wantedField;
    // A unique marker property is read by value through batch read's idProperty: no search index,
    // so a record created a moment ago is found (search lags behind writes).
    if (wantedField === MARKER_FIELD && ctx.known(object)?.fields.find((f) => f.name === field)?.unique) return readByUnique(object, field, values);
    // What the sync reads of this object (its partners join the snapshot), so the body stays
    // small; before any read (crash recovery), the known catalogue.
    const fields = [...new Set([...(ctx.readFields.get(object) ?? ctx.known(object)?.fields.map((f) => f.name) ?? []), field])];
    const types = await ctx.types(object, fields);
    // The same extras as a read (the marker among them), so a merged record found here carries its formerIds too (R24).
    const properties = propertiesFor(ctx, object, fields);
    // IN on a string property takes lower-case values only (search guide); enumerations compare as
    // stored. The engine folds case when it matches, so a stored "Acme Inc" is found by "acme inc".
    // hs_additional_emails is a multi-value enumeration, but holds email addresses: EQ on it finds a
    // contact holding the address among others (HubSpot's answer in hubspot-api-nodejs#24).
    // Assumption: HubSpot keeps them lower-cased like the primary email, and IN matches one element.
    const folded = ['string', 'text', 'email', 'phone', 'url'].includes(types.get(field) ?? 'string') || field === ADDITIONAL_EMAILS;
    const fold = (v: string) => (folded ? v.trim().toLowerCase() : v);
    const wanted = [...new Set(values.map(fold))];
    const found = new Map<string, RemoteRecord>();
    try {
      const path = await ctx.path(object);
      for (const chunk of withinBodyLimit(wanted, (some) => ({
        filterGroups: [{ filters: [{ propertyName: field, operator: 'IN', values: some }] }],
        properties,
        limit: SEARCH_PAGE_SIZE,
        after: String(SEARCH_RESULT_CAP),
      }))) {
        const filterGroups = [{ filters: [{ propertyName: field, operator: 'IN', values: chunk }] }];
        for (let offset = 0; offset < SEARCH_RESULT_CAP; ) {
          const body = { filterGroups, properties, limit: SEARCH_PAGE_SIZE, after: String(offset) };
          const page = await calls.call('search', () => calls.sdk.crm.objects.searchApi.doSearch(path, body as never), { search: true });
          for (const r of page.results) found.set(String(r.id), decodeRecord(object, r, fields, types, marker));
          if (!page.paging?.next?.after) break;
          offset = Number(page.paging.next.after);
        }
      }
    } catch (error) {
      throw new ConnectorFailure(toConnectorError(error, object), options.name);
    }
    return [...found.values()];
  }

  async function readByUnique(object: string, property: string, values: string[]): Promise<RemoteRecord[]> {
    const fields = [...new Set([...(ctx.readFields.get(object) ?? []), property])];
    const types = await ctx.types(object, fields);
    const out: RemoteRecord[] = [];
    try {
      const path = await ctx.path(object);
      for (let i = 0; i < values.length; i += BATCH_SIZE) {
        const inputs = [...new Set(values.slice(i, i + BATCH_SIZE))].map((id) => ({ id }));
        // Values no record holds come back as a 207 with OBJECT_NOT_FOUND: simply not found.
        const page = await calls.call('batch/read', () =>
          calls.sdk.crm.objects.batchApi.read(path, { inputs, properties: fields, propertiesWithHistory: [], idProperty: property }, false),
        );
        for (const r of page.results) out.push(decodeRecord(object, r, fields, types, property));
      }
    } catch (error) {
      throw new ConnectorFailure(toConnectorError(error, object), options.name);
    }
    return out;
  }

  /** The portal the token belongs to (Account Information API, GET /account-info/v3/details). */
  async function identity(): Promise<AccountIdentity> {
    try {
      const details = await calls.call('account-info', async () => {
        // The SDK has no wrapper for this API; apiRequest sends it with the client's own auth.
        const res = await calls.sdk.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
        const body = (await res.json().catch(() => undefined)) as { portalId?: number; message?: string } | undefined;
        // Shaped like the SDK's ApiException, so the retry policy and error mapping apply as to any call.
        if (!res.ok)
          throw Object.assign(new Error(body?.message ?? `HTTP ${res.status}`), { code: res.status, body, headers: Object.fromEntries(res.headers.entries()) });
        return body;
      });
      if (typeof details?.portalId !== 'number') throw new Error('the account details carry no portalId');
      return { id: String(details.portalId), label: `HubSpot account ${details.portalId}` };
    } catch (error) {
      const e = toConnectorError(error, 'account-info');
      // The generic hints speak of records and CRM scopes; this call needs neither.
      if (e.category === 'permission' || e.category === 'not-found' || e.category === 'unknown') {
        e.hint =
          "crmsync reads the account's portal id (GET /account-info/v3/details, scope `oauth`) to check that the state belongs to this account; check the token and base_url";
      }
      throw new ConnectorFailure(e, options.name);
    }
  }

  return {
    app: 'hubspot',
    identity,
    objects: () => [...objects],
    catalogue: (object: string): Promise<Catalogue> => ctx.catalogue(object),
    read: (request: ReadRequest): Promise<ReadResult> => read(ctx, request),
    write: (object: string, ops: WriteOp[]): Promise<WriteResult[]> => write(ctx, object, ops),
    findBy,
    keepsMarkers: async (object) => !!(await ctx.liveMarker(object)),
    associate: (from, to, links) => associate(ctx, from, to, links),
    createProperty: (object, def) => createProperty(ctx, object, def),
    createField: (object, def) => createProperty(ctx, object, def),
    listMembers: (object, listId) => listMembers(ctx, object, listId),
    readByIds: (object, ids, fields) => readByIds(ctx, object, ids, fields),
    stats: () => calls.stats(),
    close: async () => undefined,
  };
}
