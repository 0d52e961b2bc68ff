/**
 * Contact groups (apis.md §3.7): list, get (with maxMembers), create, and members:modify.
 * Only myContacts, starred and user groups can gain members; a contact keeps at least one group.
 * Starred (R20) is membership in contactGroups/starred.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { ADDABLE_SYSTEM_GROUPS } from '../../limits.js';
import { apiError, failedPrecondition, invalidArgument, notFound } from '../errors.js';
import { renderGroup } from '../render.js';
import type { GoogleStore } from '../store.js';
import { ok, param, READ_SCOPES, readQuota, WRITE_SCOPES, writeQuota, type Route, type RouteContext } from './context.js';
import { readPageSize } from './list-people.js';

function memberCounts(store: GoogleStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of store.people.values()) {
    if (p.state !== 'live') continue;
    for (const g of p.groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

function listGroups(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const pageSize = readPageSize(param(req, 'pageSize'), ctx.limits.groupPageSize, ctx.limits.defaultGroupPageSize);
  if (typeof pageSize !== 'number') return pageSize;
  const offset = Number(param(req, 'pageToken') ?? 0);
  if (!Number.isInteger(offset) || offset < 0) return invalidArgument('Invalid pageToken.');
  const counts = memberCounts(ctx.store);
  const groups = [...ctx.store.groups.values()];
  const page = groups.slice(offset, offset + pageSize).map((g) => renderGroup(g, counts.get(g.id) ?? 0));
  const more = offset + pageSize < groups.length;
  return ok({
    contactGroups: page,
    totalItems: groups.length,
    ...(more ? { nextPageToken: String(offset + pageSize) } : { nextSyncToken: Buffer.from(`groups.${ctx.store.seq}`).toString('base64url') }),
  });
}

function getGroup(ctx: RouteContext, req: EmulatorRequest, [id]: string[]): EmulatorResponse {
  const group = ctx.store.groups.get(id!);
  if (!group) return notFound();
  const maxMembers = Number(param(req, 'maxMembers') ?? 0);
  const members: string[] = [];
  let count = 0;
  for (const p of ctx.store.people.values()) {
    if (p.state !== 'live' || !p.groups.includes(group.id)) continue;
    count++;
    if (members.length < maxMembers) members.push(p.resourceName);
  }
  return ok(renderGroup(group, count, members));
}

function createGroup(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const body = (req.body ?? {}) as { contactGroup?: { name?: unknown; clientData?: { key: string; value: string }[] } };
  const name = typeof body.contactGroup?.name === 'string' ? body.contactGroup.name.trim() : '';
  if (!name) return invalidArgument('contactGroup.name is required.', [{ field: 'contact_group.name', description: 'A name is required.' }]);
  const taken = [...ctx.store.groups.values()].some((g) => g.name.toLowerCase() === name.toLowerCase());
  if (taken) return apiError(409, 'ALREADY_EXISTS', 'Contact group name already exists.');
  const group = ctx.store.createGroup(name, body.contactGroup?.clientData);
  return ok(renderGroup(group, 0));
}

function modifyMembers(ctx: RouteContext, req: EmulatorRequest, [id]: string[]): EmulatorResponse {
  const group = ctx.store.groups.get(id!);
  if (!group) return notFound();
  const body = (req.body ?? {}) as { resourceNamesToAdd?: string[]; resourceNamesToRemove?: string[] };
  const add = body.resourceNamesToAdd ?? [];
  const remove = body.resourceNamesToRemove ?? [];
  if (add.length + remove.length > ctx.limits.membersModify) {
    return invalidArgument(`At most ${ctx.limits.membersModify} resource names may be added and removed in one request.`);
  }
  if (add.length && group.type === 'SYSTEM_CONTACT_GROUP' && !(ADDABLE_SYSTEM_GROUPS as readonly string[]).includes(group.id)) {
    return failedPrecondition(`Cannot add contacts to system contact group ${group.id}.`);
  }
  const notFoundResourceNames: string[] = [];
  const canNotRemoveLastContactGroupResourceNames: string[] = [];
  for (const name of add) {
    const p = ctx.store.live(name);
    if (p?.kind !== 'contact') notFoundResourceNames.push(name);
    else if (!p.groups.includes(group.id)) ctx.store.setGroups(p, [...p.groups, group.id]);
  }
  for (const name of remove) {
    const p = ctx.store.live(name);
    if (p?.kind !== 'contact') notFoundResourceNames.push(name);
    else if (!p.groups.includes(group.id)) continue;
    else if (p.groups.length === 1) canNotRemoveLastContactGroupResourceNames.push(name);
    else
      ctx.store.setGroups(
        p,
        p.groups.filter((g) => g !== group.id),
      );
  }
  return ok({
    ...(notFoundResourceNames.length ? { notFoundResourceNames } : {}),
    ...(canNotRemoveLastContactGroupResourceNames.length ? { canNotRemoveLastContactGroupResourceNames } : {}),
  });
}

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/contactGroups$/,
    name: 'contactGroups.list',
    rpc: 'ContactGroupService.ListContactGroups',
    scopes: READ_SCOPES,
    quota: readQuota,
    handle: listGroups,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/contactGroups$/,
    name: 'contactGroups.create',
    rpc: 'ContactGroupService.CreateContactGroup',
    scopes: WRITE_SCOPES,
    quota: writeQuota(() => true),
    handle: createGroup,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/contactGroups\/([A-Za-z0-9]+)$/,
    name: 'contactGroups.get',
    rpc: 'ContactGroupService.GetContactGroup',
    scopes: READ_SCOPES,
    quota: readQuota,
    handle: getGroup,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/contactGroups\/([A-Za-z0-9]+)\/members:modify$/,
    name: 'contactGroups.members.modify',
    rpc: 'ContactGroupService.ModifyContactGroupMembers',
    scopes: WRITE_SCOPES,
    quota: writeQuota(() => false),
    handle: modifyMembers,
  },
];
