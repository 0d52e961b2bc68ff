/**
 * Updates through people:batchUpdateContacts, 200 a call, each contact with its etag. Google
 * replaces whole person fields, so a change is applied onto the person as last read (entries the
 * engine cannot see survive). A refused batch names its contacts in BatchUpdateContactsErrorDetails
 * [D]: a contact whose etag is stale (someone edited it meanwhile) is read again with
 * people:batchGet, its field changes are applied onto the fresh copy and it is sent once more
 * with the contacts the refusal did not name; a second stale etag is a conflict for the next run.
 */
import { ConnectorFailure, type ConnectorError, type WriteOp, type WriteResult } from '../types.js';
import { connectorError, describeFailure, fromRpcStatus, isStaleEtag, isStaleStatus, personOk, toConnectorError } from './errors.js';
import { chunk, sendIsolated } from './isolate.js';
import { GOOGLE_LIMITS } from './limits.js';
import { applyFields, carryPersonFields, personToFields, READ_PERSON_FIELDS, type Person } from './mapping.js';
import { personResult } from './results.js';
import type { WriteContext } from './write.js';

type UpdateOp = Extract<WriteOp, { kind: 'update' }>;
interface Pending {
  op: UpdateOp;
  base: Person;
  etag?: string;
  /** Read again after a stale etag already; a second refusal is a real conflict. */
  reread: boolean;
}

const OTHER_CONTACT_HINT = 'Other contacts are read-only in the People API: add the person to My Contacts in Google, or sync only the Contacts folder (R20).';

/** Fresh copies of people by resource name, via people:batchGet (200 a call); errors per name. */
export async function fetchPeople(ctx: WriteContext, ids: string[]): Promise<Map<string, Person | ConnectorError>> {
  const out = new Map<string, Person | ConnectorError>();
  for (const names of chunk([...new Set(ids)], GOOGLE_LIMITS.batchGet)) {
    try {
      const data = await ctx.client.call('batch/get', () =>
        ctx.client.api.people.getBatchGet({ resourceNames: names, personFields: READ_PERSON_FIELDS.join(','), sources: ['READ_SOURCE_TYPE_CONTACT'] }),
      );
      for (const r of data.responses ?? []) {
        const name = r.requestedResourceName ?? r.person?.resourceName;
        if (!name) continue;
        if (r.person && personOk(r)) {
          // Asked for by a former name, Google answers with the person under its current one.
          ctx.cache.set(r.person.resourceName ?? name, r.person);
          out.set(name, r.person);
        } else out.set(name, fromRpcStatus(r.status));
      }
    } catch (thrown) {
      const failure = describeFailure(thrown);
      if (failure.http === 401 || failure.http === 403) throw new ConnectorFailure(toConnectorError(thrown));
      for (const name of names) out.set(name, toConnectorError(thrown));
    }
    for (const name of names) if (!out.has(name)) out.set(name, connectorError('not-found', 'NOT_FOUND', `${name} was not returned by Google`));
  }
  return out;
}

/** Splits ops so that no batch names one person twice (batchUpdateContacts takes a map). */
function rounds(ops: UpdateOp[]): UpdateOp[][] {
  const out: { ops: UpdateOp[]; ids: Set<string> }[] = [];
  for (const op of ops) {
    let round = out.find((r) => !r.ids.has(op.id));
    if (!round) out.push((round = { ops: [], ids: new Set() }));
    round.ops.push(op);
    round.ids.add(op.id);
  }
  return out.map((r) => r.ops);
}

async function sendBatch(ctx: WriteContext, items: Pending[]): Promise<WriteResult[]> {
  if (!items.length) return [];
  const applied = items.map((p) => applyFields(p.base, p.op.fields));
  const mask = [...new Set(applied.flatMap((a) => a.mask))];
  const contacts = Object.fromEntries(
    items.map((p, i) => [p.op.id, { ...carryPersonFields(p.base, mask), ...applied[i]!.person, etag: p.etag ?? p.base.etag }]),
  );
  try {
    const data = await ctx.client.call('batch/update', () =>
      ctx.client.api.people.batchUpdateContacts({
        requestBody: { contacts, updateMask: mask.join(','), readMask: READ_PERSON_FIELDS.join(','), sources: ['READ_SOURCE_TYPE_CONTACT'] },
      }),
    );
    return items.map((p) => personResult(ctx, p.op.ref, data.updateResult?.[p.op.id]));
  } catch (thrown) {
    const failure = describeFailure(thrown);
    const named = failure.contactErrors;
    // Without details, a stale-etag refusal can only be about every contact of the batch.
    const staleAll = !Object.keys(named).length && isStaleEtag(failure);
    const stale = new Set(items.filter((p) => staleAll || isStaleStatus(named[p.op.id])));
    if (!stale.size) throw thrown;
    const results: WriteResult[] = [];
    const again: Pending[] = [];
    for (const p of items) {
      const status = named[p.op.id];
      if (status && !isStaleStatus(status)) results.push({ ref: p.op.ref, ok: false, error: fromRpcStatus(status) });
      else if (!stale.has(p)) again.push(p);
      else if (p.reread) results.push({ ref: p.op.ref, ok: false, error: connectorError('conflict', 'STALE_ETAG', status?.message ?? failure.message, true) });
    }
    // Someone changed these contacts since they were read: re-apply the same changes onto fresh copies, once.
    const first = [...stale].filter((p) => !p.reread);
    const fresh = await fetchPeople(
      ctx,
      first.map((p) => p.op.id),
    );
    for (const p of first) {
      const person = fresh.get(p.op.id);
      if (!person || 'category' in person)
        results.push({ ref: p.op.ref, ok: false, error: person ?? connectorError('not-found', 'NOT_FOUND', `${p.op.id} not found`) });
      else again.push({ op: p.op, base: person, etag: person.etag ?? undefined, reread: true });
    }
    return [...results, ...(await sendBatch(ctx, again))];
  }
}

export async function writeUpdates(ctx: WriteContext, ops: UpdateOp[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const valid: UpdateOp[] = [];
  for (const op of ops) {
    const problems = applyFields({}, op.fields).problems;
    if (op.id.startsWith('otherContacts/')) {
      results.push({
        ref: op.ref,
        ok: false,
        error: { ...connectorError('permission', 'OTHER_CONTACT_READ_ONLY', `${op.id} is an Other contact`), hint: OTHER_CONTACT_HINT },
      });
    } else if (problems.length) {
      results.push({ ref: op.ref, ok: false, error: connectorError('property-value', 'INVALID_VALUE', problems.map((p) => p.message).join('; ')) });
    } else valid.push(op);
  }
  for (const round of rounds(valid)) {
    // The base each change applies onto: the cached person, else a fresh read.
    const missing = round.filter((op) => !ctx.cache.has(op.id)).map((op) => op.id);
    const fetched = missing.length ? await fetchPeople(ctx, missing) : new Map<string, Person | ConnectorError>();
    const pending: Pending[] = [];
    for (const op of round) {
      const base = ctx.cache.get(op.id) ?? fetched.get(op.id);
      if (!base || 'category' in base) {
        results.push({ ref: op.ref, ok: false, error: base ?? connectorError('not-found', 'NOT_FOUND', `${op.id} not found`) });
      } else if (!Object.keys(op.fields).length) {
        results.push({ ref: op.ref, ok: true, id: op.id, fields: personToFields(base), ...(base.etag ? { etag: base.etag } : {}) });
      } else pending.push({ op, base, etag: op.etag ?? base.etag ?? undefined, reread: false });
    }
    for (const batch of chunk(pending, GOOGLE_LIMITS.batchUpdate)) {
      results.push(
        ...(await sendIsolated(batch, {
          send: (items) => sendBatch(ctx, items),
          // BatchUpdateContactsErrorDetails: keyed by resource name (stale etags were handled in sendBatch).
          blame: (failure, _error, items) => {
            const byId = new Map(items.map((item) => [item.op.id, item]));
            return Object.entries(failure.contactErrors).flatMap(([id, status]) => {
              const p = byId.get(id);
              return p ? [[p, fromRpcStatus(status)] as [Pending, ConnectorError]] : [];
            });
          },
          fail: (p, error) => ({ ref: p.op.ref, ok: false, error }),
        })),
      );
    }
  }
  return results;
}
