/**
 * GET /v1/people/me/connections (people.connections.list) and GET /v1/otherContacts
 * (otherContacts.list).
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { OTHER_CONTACT_FIELDS, READ_SOURCES, SORT_ORDERS } from '../../limits.js';
import { invalidArgument } from '../errors.js';
import { hashParams } from '../tokens.js';
import { parseMask, parsePersonFields } from '../validate.js';
import { SCOPES } from '../../limits.js';
import { ok, param, READ_SCOPES, readQuota, type Route, type RouteContext } from './context.js';
import { listPeople, readPageSize, type ListQuery } from './list-people.js';

function readSources(req: EmulatorRequest): string[] | EmulatorResponse {
  const sources = req.url.searchParams.getAll('sources');
  const bad = sources.find((s) => !(READ_SOURCES as readonly string[]).includes(s));
  return bad ? invalidArgument(`Invalid value at 'sources': "${bad}".`, [{ field: 'sources', description: `Invalid value "${bad}".` }]) : sources.sort();
}

/** The paging parameters both listings take. */
const paging = (req: EmulatorRequest) => ({
  pageToken: param(req, 'pageToken') ?? undefined,
  syncToken: param(req, 'syncToken') ?? undefined,
  requestSyncToken: param(req, 'requestSyncToken') === 'true',
});

/** A page of a listing: its items under `key` (left out when none, as the API does) and its tokens. */
const pageBody = (key: string, page: Exclude<ReturnType<typeof listPeople>, EmulatorResponse>) => ({
  ...(page.items.length ? { [key]: page.items } : {}),
  ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
  ...(page.nextSyncToken ? { nextSyncToken: page.nextSyncToken } : {}),
});

function listConnections(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const fields = parsePersonFields(param(req, 'personFields') ?? param(req, 'requestMask.includeField'));
  if (!fields.ok) return invalidArgument(fields.message, fields.violations);
  const pageSize = readPageSize(param(req, 'pageSize'), ctx.limits.pageSize, ctx.limits.defaultPageSize);
  if (typeof pageSize !== 'number') return pageSize;
  const sources = readSources(req);
  if (!Array.isArray(sources)) return sources;
  const sortOrder = param(req, 'sortOrder') ?? 'LAST_MODIFIED_ASCENDING';
  if (!(SORT_ORDERS as readonly string[]).includes(sortOrder)) return invalidArgument(`Invalid value at 'sort_order': "${sortOrder}".`);
  const query: ListQuery = {
    listing: 'connections',
    fields: fields.value,
    pageSize,
    ...paging(req),
    sortOrder,
    hash: hashParams([[...fields.value].sort(), sources, sortOrder]),
  };
  const page = listPeople(ctx, query);
  if ('status' in page) return page;
  return ok({
    ...pageBody('connections', page),
    totalPeople: page.total,
    totalItems: page.total,
  });
}

function listOtherContacts(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const sources = readSources(req);
  if (!Array.isArray(sources)) return sources;
  // With the default CONTACT source only a few fields exist on Other contacts (apis.md §3.8).
  const fields = parseMask(param(req, 'readMask'), OTHER_CONTACT_FIELDS, 'readMask');
  if (!fields.ok) return invalidArgument(fields.message, fields.violations);
  const pageSize = readPageSize(param(req, 'pageSize'), ctx.limits.pageSize, ctx.limits.defaultPageSize);
  if (typeof pageSize !== 'number') return pageSize;
  const page = listPeople(ctx, {
    listing: 'otherContacts',
    fields: fields.value,
    pageSize,
    ...paging(req),
    sortOrder: 'LAST_MODIFIED_ASCENDING',
    hash: hashParams([[...fields.value].sort(), sources]),
  });
  if ('status' in page) return page;
  return ok({
    ...pageBody('otherContacts', page),
    totalSize: page.total,
  });
}

export const connectionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/people\/me\/connections$/,
    name: 'people.connections.list',
    rpc: 'PeopleService.ListConnections',
    scopes: READ_SCOPES,
    quota: readQuota,
    handle: listConnections,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/otherContacts$/,
    name: 'otherContacts.list',
    rpc: 'OtherContactsService.ListOtherContacts',
    scopes: [SCOPES.otherReadonly],
    quota: readQuota,
    handle: listOtherContacts,
  },
];
