/**
 * Associations v4 (apis.md §1.7): batch read (up to 1000 inputs, 207 naming inputs with no
 * associations), batch create (201, 207 for unknown records or types), default associations, batch
 * archive (204), the labels between two objects, and the per-record endpoints.
 */
import { ASSOCIATION_BATCH_READ_SIZE, ASSOCIATION_PAGE_SIZE } from '../../limits.js';
import { noContent, ok, standardError, validation } from '../errors.js';
import type { HsObjectType } from '../model.js';
import { batchInputs, batchTimes, isResponse, objectType, route, type Route, type RouteContext } from './route.js';

type Pair = { from: HsObjectType; to: HsObjectType };

function pair(ctx: RouteContext, fromRef: string, toRef: string): Pair | ReturnType<typeof validation> {
  const from = objectType(ctx, fromRef);
  if (isResponse(from)) return from;
  const to = objectType(ctx, toRef);
  if (isResponse(to)) return to;
  return { from, to };
}

/** The associated records of one record, with their typed labels, in ascending id order. */
function targets(ctx: RouteContext, { from, to }: Pair, id: string) {
  const links = [...ctx.store.associations.of(from.objectTypeId, id, to.objectTypeId)].sort((a, b) => Number(a[0]) - Number(b[0]));
  return links.map(([toId, typeIds]) => ({
    toObjectId: Number(toId),
    associationTypes: [...typeIds].map((typeId) => {
      const def = ctx.store.associations.type(from.objectTypeId, to.objectTypeId, typeId);
      return { category: def?.category ?? 'HUBSPOT_DEFINED', typeId, label: def?.label ?? null };
    }),
  }));
}

function batchRead(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[1]!);
  if (isResponse(p)) return p;
  const inputs = batchInputs<{ id?: string; after?: string }>(ctx.req.body, ASSOCIATION_BATCH_READ_SIZE);
  if (isResponse(inputs)) return inputs;
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of inputs) {
    const id = String(input?.id ?? '');
    const all = targets(ctx, p, id);
    if (!all.length) {
      errors.push(
        standardError(
          'VALIDATION_ERROR',
          `No ${p.to.labels.singular.toLowerCase()} is associated with ${p.from.labels.singular.toLowerCase()} ${id}.`,
          { fromObjectId: [id] },
          'crm.associations.NO_ASSOCIATIONS_FOUND',
        ),
      );
      continue;
    }
    const offset = Number(input?.after ?? 0) || 0;
    const page = all.slice(offset, offset + ASSOCIATION_PAGE_SIZE);
    const more = offset + ASSOCIATION_PAGE_SIZE < all.length;
    results.push({ from: { id }, to: page, ...(more ? { paging: { next: { after: String(offset + ASSOCIATION_PAGE_SIZE) } } } : {}) });
  }
  const times = batchTimes(ctx);
  if (!errors.length) return ok({ status: 'COMPLETE', results, ...times });
  return ok({ status: 'COMPLETE', results, numErrors: errors.length, errors, ...times }, 207);
}

interface CreateInput {
  from?: { id?: string };
  to?: { id?: string };
  types?: Array<{ associationCategory?: string; associationTypeId?: number }>;
}

type LinkOutcome = { error: ReturnType<typeof standardError> } | { result: Record<string, unknown> };

/** Links one pair of records with typed associations; the error object when it cannot. */
function link(ctx: RouteContext, { from, to }: Pair, fromId: string, toId: string, typeIds: number[]): LinkOutcome {
  const missing = [!ctx.store.live(from, fromId) && [from, fromId], !ctx.store.live(to, toId) && [to, toId]].find(Boolean) as
    | [HsObjectType, string]
    | undefined;
  if (missing) {
    return {
      error: standardError('VALIDATION_ERROR', `No ${missing[0].labels.singular.toLowerCase()} with ID ${missing[1]} exists`, {
        [missing[0] === from ? 'fromObjectId' : 'toObjectId']: [missing[1]],
      }),
    };
  }
  const bad = typeIds.find((t) => !ctx.store.associations.type(from.objectTypeId, to.objectTypeId, t));
  if (bad !== undefined || !typeIds.length) {
    return {
      error: standardError('VALIDATION_ERROR', `Association type ${bad} is not valid from ${from.name} to ${to.name}`, {
        fromObjectId: [fromId],
        toObjectId: [toId],
      }),
    };
  }
  ctx.store.associations.add(from.objectTypeId, fromId, to.objectTypeId, toId, typeIds);
  const labels = typeIds.map((t) => ctx.store.associations.type(from.objectTypeId, to.objectTypeId, t)?.label).filter((l): l is string => !!l);
  return { result: { fromObjectTypeId: from.objectTypeId, fromObjectId: Number(fromId), toObjectTypeId: to.objectTypeId, toObjectId: Number(toId), labels } };
}

function batchCreate(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[1]!);
  if (isResponse(p)) return p;
  const inputs = batchInputs<CreateInput>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of inputs) {
    const typeIds = (input?.types ?? []).map((t) => Number(t.associationTypeId));
    const out = link(ctx, p, String(input?.from?.id ?? ''), String(input?.to?.id ?? ''), typeIds);
    if ('error' in out) errors.push(out.error);
    else results.push(out.result);
  }
  const times = batchTimes(ctx);
  if (!errors.length) return ok({ status: 'COMPLETE', results, ...times }, 201);
  return ok({ status: 'COMPLETE', results, numErrors: errors.length, errors, ...times }, 207);
}

function createDefault(ctx: RouteContext, p: Pair, pairs: Array<[string, string]>) {
  const def = ctx.store.associations.defaultType(p.from.objectTypeId, p.to.objectTypeId);
  if (!def) return validation(`No association is defined from ${p.from.name} to ${p.to.name}`);
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const [fromId, toId] of pairs) {
    const out = link(ctx, p, fromId, toId, [def.typeId]);
    if ('error' in out) errors.push(out.error);
    else results.push({ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: def.category, associationTypeId: def.typeId } });
  }
  return ok({ status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), ...batchTimes(ctx) });
}

function batchDefault(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[1]!);
  if (isResponse(p)) return p;
  const inputs = batchInputs<CreateInput>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  return createDefault(
    ctx,
    p,
    inputs.map((i) => [String(i?.from?.id ?? ''), String(i?.to?.id ?? '')]),
  );
}

function batchArchive(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[1]!);
  if (isResponse(p)) return p;
  const inputs = batchInputs<{ from?: { id?: string }; to?: Array<{ id?: string }> }>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  for (const input of inputs) {
    for (const to of input?.to ?? []) ctx.store.associations.remove(p.from.objectTypeId, String(input?.from?.id ?? ''), p.to.objectTypeId, String(to.id ?? ''));
  }
  return noContent();
}

function labels(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[1]!);
  if (isResponse(p)) return p;
  const results = ctx.store.associations
    .typesBetween(p.from.objectTypeId, p.to.objectTypeId)
    .map((t) => ({ category: t.category, typeId: t.typeId, label: t.label }));
  return ok({ results });
}

function recordPage(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[2]!);
  if (isResponse(p)) return p;
  const url = ctx.req.url;
  const limit = Math.min(Number(url.searchParams.get('limit')) || ASSOCIATION_PAGE_SIZE, ASSOCIATION_PAGE_SIZE);
  const offset = Number(url.searchParams.get('after') ?? 0) || 0;
  const all = targets(ctx, p, ctx.params[1]!);
  const results = all.slice(offset, offset + limit);
  if (offset + limit >= all.length) return ok({ results });
  return ok({ results, paging: { next: { after: String(offset + limit) } } });
}

function recordCreate(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[2]!);
  if (isResponse(p)) return p;
  const specs = Array.isArray(ctx.req.body) ? (ctx.req.body as Array<{ associationTypeId?: number }>) : [];
  const out = link(
    ctx,
    p,
    ctx.params[1]!,
    ctx.params[3]!,
    specs.map((s) => Number(s.associationTypeId)),
  );
  if ('error' in out) return validation(String(out.error.message), { context: out.error.context });
  return ok(out.result, 201);
}

function recordDefault(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[2]!);
  if (isResponse(p)) return p;
  return createDefault(ctx, p, [[ctx.params[1]!, ctx.params[3]!]]);
}

function recordArchive(ctx: RouteContext) {
  const p = pair(ctx, ctx.params[0]!, ctx.params[2]!);
  if (isResponse(p)) return p;
  ctx.store.associations.remove(p.from.objectTypeId, ctx.params[1]!, p.to.objectTypeId, ctx.params[3]!);
  return noContent();
}

export const associationRoutes: Route[] = [
  route('POST', '/crm/v4/associations/:from/:to/batch/read', 'POST associations/batch/read', batchRead),
  route('POST', '/crm/v4/associations/:from/:to/batch/create', 'POST associations/batch/create', batchCreate),
  route('POST', '/crm/v4/associations/:from/:to/batch/associate/default', 'POST associations/batch/default', batchDefault),
  route('POST', '/crm/v4/associations/:from/:to/batch/archive', 'POST associations/batch/archive', batchArchive),
  route('GET', '/crm/v4/associations/:from/:to/labels', 'GET associations/labels', labels),
  route('GET', '/crm/v4/objects/:type/:id/associations/:to', 'GET objects/associations', recordPage),
  route('PUT', '/crm/v4/objects/:type/:id/associations/default/:to/:toId', 'PUT objects/associations/default', recordDefault),
  route('PUT', '/crm/v4/objects/:type/:id/associations/:to/:toId', 'PUT objects/associations', recordCreate),
  route('DELETE', '/crm/v4/objects/:type/:id/associations/:to/:toId', 'DELETE objects/associations', recordArchive),
];
