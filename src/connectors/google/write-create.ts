/**
 * Creates through people:batchCreateContacts, 200 a call, reading each new person back so the
 * result carries what Google stored (R17 may move a lone mobile number into `phone`). The engine's
 * crash-recovery marker rides along as a clientData entry.
 */
import type { ConnectorError, WriteOp, WriteResult } from '../types.js';
import { connectorError } from './errors.js';
import { chunk, contactErrorKeys, sendIsolated } from './isolate.js';
import { GOOGLE_LIMITS, MARKER_KEY, WIRE } from './limits.js';
import { applyFields, READ_PERSON_FIELDS, type Person } from './mapping.js';
import { personResult } from './results.js';
import type { WriteContext } from './write.js';

const LOST_ANSWER_HINT =
  'Google gave no usable answer, so the contact may exist already: look it up by its crash-recovery marker (findBy marker) before creating it again.';

type CreateOp = Extract<WriteOp, { kind: 'create' }>;
interface Pending {
  op: CreateOp;
  person: Person;
}

export async function writeCreates(ctx: WriteContext, ops: CreateOp[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const pending: Pending[] = [];
  for (const op of ops) {
    const applied = applyFields({}, op.fields);
    if (applied.problems.length) {
      const message = applied.problems.map((p) => p.message).join('; ');
      results.push({ ref: op.ref, ok: false, error: connectorError('property-value', 'INVALID_VALUE', message) });
      continue;
    }
    // No memberships: Google puts the contact in My Contacts. It is not starred even under the
    // starred filter, since filters narrow the sync and add nothing to lists (R20).
    const person = applied.person;
    if (op.marker) person.clientData = [{ key: MARKER_KEY, value: op.marker }];
    pending.push({ op, person });
  }

  let full: ConnectorError | undefined;
  for (const batch of chunk(pending, GOOGLE_LIMITS.batchCreate)) {
    // Once Google says the account is full, every further create would be refused too (R32).
    if (full) {
      results.push(...batch.map(({ op }) => ({ ref: op.ref, ok: false as const, error: full! })));
      continue;
    }
    const out = await sendIsolated(batch, {
      send: async (items) => {
        const data = await ctx.client.call('batch/create', () =>
          ctx.client.api.people.batchCreateContacts({
            requestBody: {
              contacts: items.map(({ person }) => ({ contactPerson: person })),
              readMask: READ_PERSON_FIELDS.join(','),
              sources: ['READ_SOURCE_TYPE_CONTACT'],
            },
          }),
        );
        // createdPeople follows the order of the request's contacts.
        return items.map(({ op }, i) => personResult(ctx, op.ref, data.createdPeople?.[i]));
      },
      // BatchCreateContactsErrorDetails: keyed by the contact's index in the request.
      blame: (failure, _error, items) =>
        contactErrorKeys(failure)
          .filter((v) => items[Number(v.key)] !== undefined)
          .map((v) => [items[Number(v.key)]!, v.error]),
      fail: ({ op }, error) => {
        if (error.code === WIRE.contactLimitReason) full = error;
        // No usable answer: Google may have created the contact anyway (creates are never resent).
        if (error.category === 'transient') {
          return { ref: op.ref, ok: false, error: { ...error, hint: LOST_ANSWER_HINT } };
        }
        return { ref: op.ref, ok: false, error };
      },
    });
    results.push(...out);
  }
  return results;
}
