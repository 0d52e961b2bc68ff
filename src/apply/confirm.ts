/**
 * Idempotent creates. Every create carries a marker derived from what it creates (the sync, the
 * side and the source record), which the app keeps on the record (a HubSpot unique property, a
 * Salesforce External ID field, Google clientData, the local store). A create whose answer was lost
 * (a 5xx, a dropped connection, a timeout) may or may not have happened; the connectors never send
 * it again blindly. Instead the record is looked up by its marker: found, it is linked; not found,
 * the create never happened and is safe to send again. The same lookup serves the crash journal.
 */
import { createHash } from 'node:crypto';
import type { SideName } from '../config/model.js';
import { MARKER_FIELD, type Connector, type ConnectorError, type RemoteRecord, type WriteResult } from '../connectors/types.js';

const LOOKUP_BATCH = 100;

/** The marker of a create: the same for the same record into the same side, run after run. */
export function createMarker(sync: string, side: SideName, from: string, replaces?: { left: string; right: string }): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([sync, side, from, replaces?.left ?? null, replaces?.right ?? null]))
    .digest('hex');
  return `crmsync:${digest.slice(0, 32)}`;
}

/**
 * Whether a failed create may have happened all the same: no answer, a server error, or a refusal
 * for a unique value (which the create itself may hold, sent once before).
 */
export function mayExist(error: ConnectorError): boolean {
  return resendable(error) || error.category === 'duplicate' || (error.category === 'unknown' && error.retryable);
}

/** Categories of a call whose answer never came (or came from a server in trouble). */
const ANSWER_LOST = new Set<string>(['transient', 'network', 'server-error', 'timeout']);

/** A lost answer: once the lookup shows nothing was written, safe to send again within the run. */
export const resendable = (error: ConnectorError): boolean => ANSWER_LOST.has(error.category) || error.code === 'NO_RESULT';

/**
 * The records holding `markers`, by marker; undefined when the app keeps no marker on `object` or
 * the lookup itself failed, so nothing can be told about these creates.
 */
export async function findByMarker(connector: Connector, object: string, markers: string[]): Promise<Map<string, RemoteRecord> | undefined> {
  if (!connector.findBy) return undefined;
  try {
    if (connector.keepsMarkers && !(await connector.keepsMarkers(object))) return undefined;
    const out = new Map<string, RemoteRecord>();
    for (let i = 0; i < markers.length; i += LOOKUP_BATCH) {
      for (const r of await connector.findBy(object, MARKER_FIELD, markers.slice(i, i + LOOKUP_BATCH))) if (r.meta?.marker) out.set(r.meta.marker, r);
    }
    return out;
  } catch {
    return undefined;
  }
}

export interface CreateOutcome<T> {
  created(op: T, result: Extract<WriteResult, { ok: true }>): void;
  /** `checked`: it is known the create did not happen, so it leaves the journal. */
  failed(op: T, error: ConnectorError, checked: boolean): void;
}

/**
 * Looks up creates whose answer was lost, per connection and object. Found ones are reported
 * created. Ones not found are returned to be sent again when `resend` allows and nothing was
 * written, else failed. When the app keeps no marker or the lookup fails, nothing is known: they
 * fail unchecked and stay in the journal for the next run (never sent again blindly).
 */
export async function confirmCreates<T extends { id: string; connection: string; object: string }>(
  connectors: Record<string, Connector>,
  uncertain: Array<{ op: T; error: ConnectorError }>,
  markers: Map<string, string>,
  resend: boolean,
  outcome: CreateOutcome<T>,
): Promise<T[]> {
  const groups = new Map<string, Array<{ op: T; error: ConnectorError }>>();
  for (const u of uncertain) {
    const key = `${u.op.connection}\u0000${u.op.object}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(u);
  }
  const again: T[] = [];
  for (const group of groups.values()) {
    const { connection, object } = group[0]!.op;
    const found = await findByMarker(
      connectors[connection]!,
      object,
      group.map((u) => markers.get(u.op.id)!),
    );
    for (const { op, error } of group) {
      const record = found?.get(markers.get(op.id)!);
      if (record) outcome.created(op, { ref: op.id, ok: true, id: record.id, fields: record.fields, modifiedAt: record.modifiedAt });
      else if (!found)
        outcome.failed(
          op,
          {
            ...error,
            hint: `${error.hint ? `${error.hint} ` : ''}The create may have reached the app and could not be checked; the next run looks for it before creating it again.`,
          },
          false,
        );
      else if (resend && resendable(error)) again.push(op);
      else outcome.failed(op, error, true);
    }
  }
  return again;
}
