/**
 * Deletes through people:batchDeleteContacts, 500 a call. Google keeps deleted contacts in Trash
 * (they still count towards R32's 25,000), so 'delete' and 'archive' mean the same thing here.
 * Other contacts cannot be deleted through the API.
 */
import { groupBy } from '../../group-by.js';
import type { WriteOp, WriteResult } from '../types.js';
import { connectorError } from './errors.js';
import { chunk, narrow, sendIsolated, violationKeys } from './isolate.js';
import { GOOGLE_LIMITS } from './limits.js';
import type { WriteContext } from './write.js';

type DeleteOp = Extract<WriteOp, { kind: 'delete' }>;

export async function writeDeletes(ctx: WriteContext, ops: DeleteOp[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const valid: DeleteOp[] = [];
  for (const op of ops) {
    if (op.id.startsWith('people/')) valid.push(op);
    else {
      const error = connectorError('permission', 'NOT_A_CONTACT', `${op.id} is not a contact Google lets the API delete`);
      results.push({
        ref: op.ref,
        ok: false,
        error: {
          ...error,
          hint: 'Other contacts cannot be deleted through the People API: delete the person in Google Contacts, or sync only the Contacts folder (R20).',
        },
      });
    }
  }
  // A name twice in one call would be refused as unknown the second time; send each once.
  const byId = groupBy(valid, (op) => op.id);
  for (const batch of chunk([...byId.keys()], GOOGLE_LIMITS.batchDelete)) {
    const out = await sendIsolated(batch, {
      send: async (ids) => {
        await ctx.client.call('batch/delete', () => ctx.client.api.people.batchDeleteContacts({ requestBody: { resourceNames: ids } }));
        for (const id of ids) ctx.cache.delete(id);
        return ids.map((id) => ({ ref: id, ok: true as const, id }));
      },
      blame: (failure, error, ids) =>
        violationKeys(failure, 'resource_names')
          .filter((v) => ids[Number(v.key)] !== undefined)
          .map((v) => [
            ids[Number(v.key)]!,
            /not found/i.test(v.description) ? connectorError('not-found', 'NOT_FOUND', v.description) : narrow(error, v.description),
          ]),
      fail: (id, error) => ({ ref: id, ok: false, error }),
    });
    // Results were keyed by id for the call; hand them back under each op's own ref.
    for (const r of out) for (const op of byId.get(r.ref) ?? []) results.push({ ...r, ref: op.ref });
  }
  return results;
}
