/**
 * The Salesforce connector: jsforce 3 against a production or sandbox org (R4), reading with SOQL
 * (full or incremental by SystemModstamp), writing through sObject Collections, and staying within
 * a share of the org's daily API allowance (R33).
 */
import {
  ConnectorFailure,
  MARKER_FIELD,
  type AccountIdentity,
  type AssociationLink,
  type Catalogue,
  type Connector,
  type ReadRequest,
  type ReadResult,
  type RemoteRecord,
  type WriteOp,
  type WriteResult,
} from '../types.js';
import { linkRef, planAssociations } from './associate.js';
import { SALESFORCE_OBJECTS } from './catalogue.js';
import { DescribeCache, type ObjectInfo } from './describe.js';
import { toConnectorError } from './errors.js';
import { findRecords } from './find.js';
import { INCREMENTAL_OVERLAP_MS } from './limits.js';
import { readRecords } from './read.js';
import { SalesforceSession, type SessionOptions } from './session.js';
import { writeRecords } from './write.js';

/** The session's options (login, limits, budget, R4, R33) plus what only the connector needs. */
export interface SalesforceConnectorOptions extends SessionOptions {
  /** Custom objects this connection syncs (`Invoice__c`, R7), listed by objects(). */
  customObjects?: string[];
  /**
   * A text field (ideally a unique external id, e.g. `Crmsync_Marker__c`) that stores the engine's
   * create marker, so findBy('$marker') can find a record whose create answer was lost.
   */
  markerField?: string;
  /** The marker field per object, where it differs from `markerField` (`{ Task: 'Crmsync_Marker__c' }`). */
  markerFields?: Record<string, string>;
  /** How far incremental reads look back before the cursor; default one minute. */
  overlapMs?: number;
  /** SOQL page size to ask for (200..2000); default the app's 2000. */
  pageSize?: number;
  /** The client's clock (tests set it). */
  now?: () => number;
}

const warnOnStderr = (message: string) => process.stderr.write(`warning: ${message}\n`);

export function createSalesforceConnector(options: SalesforceConnectorOptions): Connector {
  const session = new SalesforceSession(options);
  const describe = new DescribeCache(session);
  const markerOf = (object: string): string | undefined => options.markerFields?.[object] ?? options.markerField;

  /** The object's describe; failures of the whole call surface as ConnectorFailure. */
  async function info(object: string): Promise<ObjectInfo> {
    try {
      return await describe.get(object);
    } catch (error) {
      if (error instanceof ConnectorFailure) throw error;
      throw new ConnectorFailure(toConnectorError(error), options.name);
    }
  }

  async function write(object: string, ops: WriteOp[]): Promise<WriteResult[]> {
    if (!ops.length) return [];
    let objectInfo: ObjectInfo;
    try {
      objectInfo = await info(object);
    } catch (error) {
      const e = (error as ConnectorFailure).error;
      if (e.category === 'authentication') throw error;
      return ops.map((op) => ({ ref: op.ref, ok: false, error: e }));
    }
    return writeRecords(session, objectInfo, ops, markerOf(object));
  }

  /**
   * The org: a login names it (SOAP `organizationId`, the OAuth `id` URL), so it costs no call; a
   * bare access token asks the UserInfo endpoint, which is outside the REST API's daily allowance.
   */
  async function identity(): Promise<AccountIdentity> {
    try {
      const conn = await session.connection();
      let org = conn.userInfo?.organizationId;
      if (!org) {
        const info = await session.request<{ organization_id?: string }>('userinfo', { method: 'GET', url: '/services/oauth2/userinfo' }, true);
        org = info?.organization_id;
      }
      if (!org) throw new Error('Salesforce did not name the org of this session');
      // The 15-character id is the org; the 18-character form only adds a case checksum.
      return { id: org.slice(0, 15), label: `Salesforce org ${org}` };
    } catch (error) {
      const e = error instanceof ConnectorFailure ? { ...error.error } : toConnectorError(error);
      // A failed login keeps its own hint; a refused UserInfo gets one about what the check needs.
      if (!['authentication', 'transient', 'rate-limit', 'quota'].includes(e.category)) {
        e.hint =
          "crmsync reads the org's id from the UserInfo endpoint to check that the state belongs to this org; give the connected app the `id` (or `openid`) scope, or log in with client credentials or the JWT bearer flow, whose login names the org";
      }
      throw new ConnectorFailure(e, options.name);
    }
  }

  return {
    app: 'salesforce',
    identity,
    objects: () => [...SALESFORCE_OBJECTS, ...(options.customObjects ?? [])],

    async catalogue(object: string): Promise<Catalogue> {
      return (await info(object)).catalogue;
    },

    async read(request: ReadRequest): Promise<ReadResult> {
      let objectInfo: ObjectInfo;
      try {
        objectInfo = await info(request.object);
      } catch (error) {
        const e = (error as ConnectorFailure).error;
        if (e.category === 'authentication') throw error;
        return { mode: request.mode, records: [], cursor: request.cursor ?? null, complete: false, error: e };
      }
      return readRecords(session, objectInfo, request, {
        overlapMs: options.overlapMs ?? INCREMENTAL_OVERLAP_MS,
        markerField: markerOf(request.object),
        pageSize: options.pageSize,
        now: options.now,
        onWarning: options.onWarning ?? warnOnStderr,
      });
    },

    write,

    async findBy(object: string, field: string, values: string[]): Promise<RemoteRecord[]> {
      if (field === MARKER_FIELD) {
        // Without a marker field the app has nowhere to keep markers: nothing can be found by one.
        const marker = markerOf(object);
        if (!marker) return [];
        field = marker;
      }
      return findRecords(session, await info(object), field, values, markerOf(object));
    },

    async keepsMarkers(object: string): Promise<boolean> {
      const marker = markerOf(object);
      return !!marker && (await info(object)).byName.has(marker.toLowerCase());
    },

    async associate(from: string, to: string, links: AssociationLink[]): Promise<WriteResult[]> {
      if (!links.length) return [];
      const { ops, refused } = planAssociations(await info(from), to, links);
      const written = ops.length ? await write(from, ops) : [];
      // Results keyed by link (`<fromId>-><toId>`), in the order of the links.
      const order = new Map(links.map((l, i) => [linkRef(l), i]));
      return [...written, ...refused].sort((a, b) => order.get(a.ref)! - order.get(b.ref)!);
    },

    stats: () => session.pacing.into({ calls: session.stats.calls, byKind: { ...session.stats.byKind } }),

    async close(): Promise<void> {
      describe.clear();
    },
  };
}
