/**
 * Lists v3 (apis.md §1.8): create (with or without the trailing slash), get, delete and restore,
 * memberships add / remove / add-and-remove / clear / page (by ascending record id), and the lists
 * a record belongs to.
 */
import { LIST_MEMBERSHIP_PAGE_DEFAULT, LIST_MEMBERSHIP_PAGE_SIZE } from '../../limits.js';
import { noContent, notFound, ok, validation } from '../errors.js';
import type { HsList } from '../model.js';
import { isResponse, objectType, route, type Route, type RouteContext } from './route.js';

const PROCESSING_TYPES = new Set(['MANUAL', 'SNAPSHOT', 'DYNAMIC']);

function publicList(list: HsList) {
  return {
    listId: list.listId,
    listVersion: list.listVersion,
    name: list.name,
    objectTypeId: list.objectTypeId,
    processingStatus: 'COMPLETE',
    processingType: list.processingType,
    size: list.members.size,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
    ...(list.deletedAt ? { deletedAt: list.deletedAt } : {}),
  };
}

function create(ctx: RouteContext) {
  const body = (ctx.req.body ?? {}) as { name?: string; objectTypeId?: string; processingType?: string };
  if (!body.name || !body.objectTypeId || !body.processingType) return validation('name, objectTypeId and processingType are required');
  if (!PROCESSING_TYPES.has(body.processingType)) return validation(`Invalid processingType: ${body.processingType}`);
  const type = objectType(ctx, body.objectTypeId);
  if (isResponse(type)) return type;
  if (ctx.store.lists.byName(type.objectTypeId, body.name)) return validation(`A list named ${body.name} already exists`);
  return ok({ list: publicList(ctx.store.lists.create(body.name, type.objectTypeId, body.processingType)) });
}

/**
 * A list id the account does not have (or a deleted list) is a 404 with category OBJECT_NOT_FOUND.
 * Assumption: the message wording; HubSpot's reference pages do not quote this body.
 */
function withList(ctx: RouteContext, handle: (list: HsList) => ReturnType<Route['handle']>) {
  const list = ctx.store.lists.get(ctx.params[0]!);
  return list ? handle(list) : notFound(`List ${ctx.params[0]} does not exist`);
}

/** Add and remove work on lists filled by hand only. */
function manual(list: HsList) {
  return list.processingType === 'DYNAMIC' ? validation(`List ${list.listId} is DYNAMIC; its memberships follow its filters`) : undefined;
}

function ids(body: unknown): string[] {
  return Array.isArray(body) ? body.map(String) : [];
}

function add(ctx: RouteContext) {
  return withList(ctx, (list) => {
    const refused = manual(list);
    if (refused) return refused;
    const { added, missing } = ctx.store.lists.add(list, ids(ctx.req.body));
    return ok({ recordsIdsAdded: added, recordIdsRemoved: [], recordIdsMissing: missing });
  });
}

function remove(ctx: RouteContext) {
  return withList(
    ctx,
    (list) => manual(list) ?? ok({ recordsIdsAdded: [], recordIdsRemoved: ctx.store.lists.removeMembers(list, ids(ctx.req.body)), recordIdsMissing: [] }),
  );
}

function addAndRemove(ctx: RouteContext) {
  return withList(ctx, (list) => {
    const refused = manual(list);
    if (refused) return refused;
    const body = (ctx.req.body ?? {}) as { recordIdsToAdd?: string[]; recordIdsToRemove?: string[] };
    const removed = ctx.store.lists.removeMembers(list, ids(body.recordIdsToRemove));
    const { added, missing } = ctx.store.lists.add(list, ids(body.recordIdsToAdd));
    return ok({ recordsIdsAdded: added, recordIdsRemoved: removed, recordIdsMissing: missing });
  });
}

function page(ctx: RouteContext) {
  return withList(ctx, (list) => {
    const url = ctx.req.url;
    const limit = Math.min(Number(url.searchParams.get('limit')) || LIST_MEMBERSHIP_PAGE_DEFAULT, LIST_MEMBERSHIP_PAGE_SIZE);
    const members = ctx.store.lists.members(list);
    const after = url.searchParams.get('after');
    const start = after ? members.findIndex(([id]) => Number(id) > Number(after)) : 0;
    const slice = start < 0 ? [] : members.slice(start, start + limit);
    const results = slice.map(([recordId, at]) => ({ recordId, membershipTimestamp: at }));
    const more = start >= 0 && start + limit < members.length;
    const next = more ? slice[slice.length - 1]![0] : undefined;
    const link = `${ctx.baseUrl}/crm/v3/lists/${list.listId}/memberships?after=${next}`;
    return ok({ results, total: members.length, ...(next ? { paging: { next: { after: next, link } } } : {}) });
  });
}

function recordMemberships(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const results = ctx.store.lists.listsOf(type.objectTypeId, ctx.params[1]!).map((list) => {
    const at = list.members.get(ctx.params[1]!)!;
    return { listId: list.listId, listVersion: list.listVersion, firstAddedTimestamp: at, lastAddedTimestamp: at, isPublicList: false };
  });
  return ok({ results, total: results.length });
}

export const listRoutes: Route[] = [
  route('POST', '/crm/v3/lists/?', 'POST lists', create),
  route('GET', '/crm/v3/lists/records/:type/:id/memberships', 'GET lists/records/memberships', recordMemberships),
  route('GET', '/crm/v3/lists/:id', 'GET lists/id', (ctx) => withList(ctx, (list) => ok({ list: publicList(list) }))),
  route('DELETE', '/crm/v3/lists/:id', 'DELETE lists/id', (ctx) => withList(ctx, (list) => (ctx.store.lists.remove(list), noContent()))),
  route('PUT', '/crm/v3/lists/:id/restore', 'PUT lists/restore', (ctx) => {
    const list = ctx.store.lists.lists.get(ctx.params[0]!);
    if (!list) return notFound(`List ${ctx.params[0]} does not exist`);
    ctx.store.lists.restore(list);
    return noContent();
  }),
  route('PUT', '/crm/v3/lists/:id/memberships/add', 'PUT lists/memberships/add', add),
  route('PUT', '/crm/v3/lists/:id/memberships/remove', 'PUT lists/memberships/remove', remove),
  route('PUT', '/crm/v3/lists/:id/memberships/add-and-remove', 'PUT lists/memberships/add-and-remove', addAndRemove),
  route('GET', '/crm/v3/lists/:id/memberships', 'GET lists/memberships', page),
  route('DELETE', '/crm/v3/lists/:id/memberships', 'DELETE lists/memberships', (ctx) => withList(ctx, (list) => (ctx.store.lists.clear(list), noContent()))),
];
