/**
 * Associations through the v4 batch API: reading a page of records' links (primary first, R28) and
 * creating links (R27) with the primary type where asked plus the unlabeled one, as HubSpot stores
 * them. Objects without HubSpot-defined types between them get the default association.
 */
import { append } from '../../group-by.js';
import { associationRef, type AssociationLink, type ConnectorError, type WriteResult } from '../types.js';
import { primaryTypeId, typesForLink } from './association-types.js';
import type { HubSpotContext } from './context.js';
import { toConnectorError } from './errors.js';
import { ASSOCIATION_BATCH_READ_SIZE, BATCH_SIZE } from './limits.js';

const chunk = <T>(xs: T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** The `to` ids associated with each of `ids`, the primary one first. Records with none are absent. */
export async function readAssociations(ctx: HubSpotContext, from: string, to: string, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const primary = primaryTypeId(from, to);
  let pending = ids.map((id) => ({ id, after: undefined as string | undefined }));
  const [fromPath, toPath] = [await ctx.path(from), await ctx.path(to)];
  while (pending.length) {
    const next: typeof pending = [];
    for (const inputs of chunk(pending, ASSOCIATION_BATCH_READ_SIZE)) {
      const page = await ctx.calls.call('associations/read', () => ctx.calls.sdk.crm.associations.v4.batchApi.getPage(fromPath, toPath, { inputs }));
      // Inputs without associations come back in a 207's errors: that is "none", not a failure.
      for (const result of page.results) {
        const id = String(result._from.id);
        const linked = result.to.map((t) => ({ id: String(t.toObjectId), primary: t.associationTypes.some((a) => a.typeId === primary) }));
        linked.sort((a, b) => Number(b.primary) - Number(a.primary));
        for (const l of linked) append(out, id, l.id);
        if (result.paging?.next?.after) next.push({ id, after: result.paging.next.after });
      }
    }
    pending = next;
  }
  return out;
}

function failed(ref: string, error: ConnectorError): WriteResult {
  return { ref, ok: false, error };
}

/** Creates links, 100 per call; one result per link, keyed by associationRef(). */
export async function associate(ctx: HubSpotContext, from: string, to: string, links: AssociationLink[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const sdk = ctx.calls.sdk.crm.associations.v4.batchApi;
  for (const batch of chunk(links, BATCH_SIZE)) {
    const refs = batch.map(associationRef);
    try {
      const typed = batch.map((l) => typesForLink(from, to, l.primary === true));
      const [fromPath, toPath] = [await ctx.path(from), await ctx.path(to)];
      const answer = typed.every((t) => t.length)
        ? await ctx.calls.call('associations/create', () =>
            sdk.create(fromPath, toPath, {
              inputs: batch.map((l, i) => ({
                _from: { id: l.fromId },
                to: { id: l.toId },
                types: typed[i]!.map((t) => ({ associationCategory: t.category as never, associationTypeId: t.typeId })),
              })),
            }),
          )
        : await ctx.calls.call('associations/default', () =>
            sdk.createDefault(fromPath, toPath, { inputs: batch.map((l) => ({ _from: { id: l.fromId }, to: { id: l.toId } })) }),
          );
      const done = new Set<string>();
      for (const r of answer.results as Array<{ fromObjectId?: unknown; toObjectId?: unknown; _from?: { id: string }; to?: { id: string } }>) {
        done.add(`${String(r.fromObjectId ?? r._from?.id)}->${String(r.toObjectId ?? r.to?.id)}`);
      }
      const errors = ('errors' in answer ? answer.errors : undefined) ?? [];
      for (const [i, link] of batch.entries()) {
        const ref = refs[i]!;
        if (done.has(ref)) {
          results.push({ ref, ok: true, id: ref });
          continue;
        }
        const error = errors.find((e) => e.context?.fromObjectId?.includes(link.fromId) || e.context?.toObjectId?.includes(link.toId)) ?? errors[0];
        results.push(
          failed(ref, {
            code: error?.category ?? 'UNKNOWN',
            category: 'association',
            message: error?.message ?? 'HubSpot did not confirm this association',
            retryable: false,
            hint: 'Both records must exist in HubSpot before they can be associated: sync the missing one first (R27).',
          }),
        );
      }
    } catch (error) {
      const e = toConnectorError(error, from);
      results.push(...refs.map((ref) => failed(ref, { ...e, category: e.category === 'property-value' ? 'association' : e.category })));
    }
  }
  return results;
}
