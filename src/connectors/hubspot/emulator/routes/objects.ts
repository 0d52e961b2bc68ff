/**
 * CRM v3 objects, one record at a time: list with paging (and the archived listing), get by id or
 * unique property, create (201), update (200) and archive (204).
 */
import { LIST_PAGE_DEFAULT, LIST_PAGE_SIZE } from '../../limits.js';
import { noContent, notFound, ok, propertyValidationError, validation } from '../errors.js';
import type { HsObjectType, HsRecord } from '../model.js';
import { checkProperties } from '../values.js';
import { publicObject, queryList, selection } from '../view.js';
import { applyInline, checkIdProperty, conflict, findConflict, findRecord, inlineAssociations, missingRequired } from './writes.js';
import { isResponse, objectType, route, type Route, type RouteContext } from './route.js';

/** Index of the first id not below `after` in the ascending id order. */
function startIndex(order: string[], after: string | null): number {
  if (!after) return 0;
  const target = Number(after);
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(order[mid]) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** v3 `associations` of a record: one entry per type, named like `contact_to_company`. */
function inlineAssociationsOf(ctx: RouteContext, type: HsObjectType, record: HsRecord, names: string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const to = ctx.store.resolveType(name);
    if (!to) continue;
    const results: Array<{ id: string; type: string }> = [];
    for (const [toId, typeIds] of ctx.store.associations.of(type.objectTypeId, record.id, to.objectTypeId)) {
      for (const typeId of typeIds) {
        const def = ctx.store.associations.type(type.objectTypeId, to.objectTypeId, typeId);
        results.push({ id: toId, type: def?.name ?? String(typeId) });
      }
    }
    if (results.length) out[name] = { results };
  }
  return Object.keys(out).length ? out : undefined;
}

function view(ctx: RouteContext, type: HsObjectType, record: HsRecord): Record<string, unknown> {
  const url = ctx.req.url;
  const out = publicObject(type, record, selection(type, queryList(url, 'properties')));
  const associations = inlineAssociationsOf(ctx, type, record, queryList(url, 'associations'));
  if (associations) out.associations = associations;
  return out;
}

function list(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const url = ctx.req.url;
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || LIST_PAGE_DEFAULT, 1), LIST_PAGE_SIZE);
  const archived = url.searchParams.get('archived') === 'true';
  const results: Record<string, unknown>[] = [];
  let next: string | undefined;
  // The archived listing walks the archived ids only: a few among a million live records.
  const order = archived ? ctx.store.archivedOrder(type) : type.order;
  for (let i = startIndex(order, url.searchParams.get('after')); i < order.length; i++) {
    const record = type.records.get(order[i]!)!;
    if (record.archived !== archived || (archived && ctx.store.purged(record))) continue;
    if (results.length === limit) {
      next = record.id;
      break;
    }
    results.push(view(ctx, type, record));
  }
  // The last page has no `paging` at all: the SDK's getAll loops while paging.next.after exists.
  if (next === undefined) return ok({ results });
  const link = `${ctx.baseUrl}/crm/v3/objects/${ctx.params[0]}?after=${next}`;
  return ok({ results, paging: { next: { after: next, link } } });
}

function getById(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const url = ctx.req.url;
  const idProperty = url.searchParams.get('idProperty');
  const bad = checkIdProperty(type, idProperty);
  if (bad) return bad;
  const id = ctx.params[1]!;
  let record = findRecord(ctx.store, type, id, idProperty);
  if (!record && url.searchParams.get('archived') === 'true') record = ctx.store.archivedRecord(type, id);
  if (!record) return notFound('Object not found.  objectId are usually numeric.', { context: { id: [id] } });
  return ok(view(ctx, type, record));
}

function create(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const body = (ctx.req.body ?? {}) as { properties?: unknown; associations?: unknown };
  const checked = checkProperties(type, body.properties, 'create');
  if ('issues' in checked) return propertyValidationError(checked.issues);
  const missing = missingRequired(type, checked.values);
  if (missing) return missing;
  const existing = findConflict(ctx.store, type, checked.values);
  if (existing) return conflict(type, existing);
  const links = inlineAssociations(ctx.store, type, body.associations);
  if (isResponse(links)) return links;
  const record = ctx.store.create(type, checked.values);
  applyInline(ctx.store, type, record, links);
  return ok(publicObject(type, record, null), 201);
}

function update(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const idProperty = ctx.req.url.searchParams.get('idProperty');
  const bad = checkIdProperty(type, idProperty);
  if (bad) return bad;
  const record = findRecord(ctx.store, type, ctx.params[1]!, idProperty);
  if (!record) return notFound('Object not found.  objectId are usually numeric.', { context: { id: [ctx.params[1]!] } });
  const checked = checkProperties(type, (ctx.req.body as { properties?: unknown } | undefined)?.properties, 'update');
  if ('issues' in checked) return propertyValidationError(checked.issues);
  const existing = findConflict(ctx.store, type, checked.values, record.id);
  if (existing) return conflict(type, existing);
  return ok(publicObject(type, ctx.store.update(type, record, checked.values), null));
}

function archive(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const record = ctx.store.live(type, ctx.params[1]!);
  if (record) ctx.store.archive(type, record);
  return noContent();
}

/**
 * POST /crm/v3/objects/{type}/merge `{ primaryObjectId, objectIdToMerge }`: 200 with the new merged
 * record. Assumption: the refusals (a missing id, the same id twice, a record that does not exist)
 * are not quoted by the reference; they follow the emulator's other 400/404 answers.
 */
function merge(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const body = (ctx.req.body ?? {}) as { primaryObjectId?: unknown; objectIdToMerge?: unknown };
  const ids = [body.primaryObjectId, body.objectIdToMerge].map((v) => (v === undefined || v === null ? '' : String(v)));
  if (!ids[0] || !ids[1]) return validation('primaryObjectId and objectIdToMerge are required');
  const [primary, other] = ids.map((id) => ctx.store.current(type, id));
  if (!primary || !other) {
    const id = !primary ? ids[0] : ids[1];
    return notFound('Object not found.  objectId are usually numeric.', { context: { id: [id] } });
  }
  if (primary.id === other.id) return validation(`Cannot merge ${type.labels.singular.toLowerCase()} ${ids[0]} with itself`);
  return ok(publicObject(type, ctx.store.merge(type, primary, other), null));
}

export const objectRoutes: Route[] = [
  route('POST', '/crm/v3/objects/:type/merge', 'POST objects/merge', merge),
  route('GET', '/crm/v3/objects/:type', 'GET objects', list),
  route('POST', '/crm/v3/objects/:type', 'POST objects', create),
  route('GET', '/crm/v3/objects/:type/:id', 'GET objects/id', getById),
  route('PATCH', '/crm/v3/objects/:type/:id', 'PATCH objects/id', update),
  route('DELETE', '/crm/v3/objects/:type/:id', 'DELETE objects/id', archive),
];
