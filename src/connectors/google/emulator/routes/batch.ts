/**
 * The batch mutations: batchCreateContacts (200), batchUpdateContacts (200), batchDeleteContacts
 * (500). A batch is all or nothing for validation, etags and R32's limits: bad contacts refuse the
 * whole call with a 400 whose BatchCreateContactsErrorDetails / BatchUpdateContactsErrorDetails
 * name each of them with its own Status [D]. Each answer for a contact (PersonResponse) carries
 * `status`; the deprecated `httpStatusCode` is not sent (Assumption: Google stopped filling it).
 * A contact missing at update time gets its own NOT_FOUND status in updateResult (Assumption).
 * Deletes document no error details: one unknown name refuses the call with BadRequest field
 * violations (Assumption).
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { WIRE } from '../../limits.js';
import { batchRefusal, invalidArgument, storageQuota, toRpcStatus, type RpcStatus } from '../errors.js';
import { renderPerson } from '../render.js';
import type { PersonData } from '../store.js';
import { parsePersonFields, parseUpdateFields, readPersonBody } from '../validate.js';
import { ok, WRITE_SCOPES, writeQuota, type Route, type RouteContext } from './context.js';
import { checkCapacity, checkUpdate, keepsAGroup, type UpdateCheck } from './people.js';

type Body = Record<string, unknown>;
const bodyOf = (req: EmulatorRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});
/** An empty readMask skips the read-back (the answer then carries only names and etags). */
const readsBack = (req: EmulatorRequest) => typeof bodyOf(req).readMask === 'string' && (bodyOf(req).readMask as string).length > 0;

function readMaskOf(body: Body): string[] | EmulatorResponse {
  if (!body.readMask) return [];
  const mask = parsePersonFields(String(body.readMask), 'readMask');
  return mask.ok ? mask.value : invalidArgument(mask.message, mask.violations);
}

function tooMany(what: string, field: string, count: number, max: number): EmulatorResponse | undefined {
  if (count === 0) return invalidArgument(`${what} is required.`, [{ field, description: 'At least one entry is required.' }]);
  if (count > max) return invalidArgument(`Too many ${what}: at most ${max} are allowed in one request.`, [{ field, description: `At most ${max}.` }]);
  return undefined;
}

function batchCreate(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const body = bodyOf(req);
  const fields = readMaskOf(body);
  if (!Array.isArray(fields)) return fields;
  const contacts = Array.isArray(body.contacts) ? (body.contacts as Body[]) : [];
  const size = tooMany('contacts', 'contacts', contacts.length, ctx.limits.batchCreate);
  if (size) return size;
  const inputs: { data: PersonData; groups: string[] }[] = [];
  const contactErrors: Record<string, RpcStatus> = {};
  for (const [i, c] of contacts.entries()) {
    const at = `contacts[${i}].contact_person`;
    const input = readPersonBody(ctx.store, c?.contactPerson, at);
    const groups = input.ok ? (input.value.groups ?? ['myContacts']) : [];
    if (!input.ok) contactErrors[i] = toRpcStatus(invalidArgument(input.message, input.violations));
    else if (!keepsAGroup(groups))
      contactErrors[i] = toRpcStatus(
        invalidArgument('A contact must belong to at least one contact group.', [{ field: `${at}.memberships`, description: 'No group.' }]),
      );
    else if (ctx.store.sizeOf(input.value.data) > ctx.limits.maxContactBytes) contactErrors[i] = toRpcStatus(storageQuota('size', ctx.limits.maxContactBytes));
    else inputs.push({ data: input.value.data, groups });
  }
  if (Object.keys(contactErrors).length) return batchRefusal('create', contactErrors);
  const full = checkCapacity(
    ctx,
    inputs.length,
    inputs.map((x) => x.data),
    (i) => `contacts[${i}].contact_person`,
  );
  if (full) return full;
  const createdPeople = inputs.map(({ data, groups }) => {
    const person = ctx.store.insert(data, { groups });
    return { person: renderPerson(ctx.store, person, fields), status: {} };
  });
  return ok({ createdPeople });
}

function batchUpdate(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const body = bodyOf(req);
  const mask = parseUpdateFields(typeof body.updateMask === 'string' ? body.updateMask : undefined, 'updateMask');
  if (!mask.ok) return invalidArgument(mask.message, mask.violations);
  const fields = readMaskOf(body);
  if (!Array.isArray(fields)) return fields;
  const contacts = body.contacts && typeof body.contacts === 'object' ? Object.entries(body.contacts as Body) : [];
  const size = tooMany('contacts', 'contacts', contacts.length, ctx.limits.batchUpdate);
  if (size) return size;

  // Check every contact before changing any, so that a refusal changes nothing.
  const checks = new Map<string, UpdateCheck>();
  const contactErrors: Record<string, RpcStatus> = {};
  for (const [name, person] of contacts) {
    const stored = ctx.store.live(name);
    if (!stored) continue;
    const check = checkUpdate(ctx, stored, person, mask.value, `contacts[${name}]`);
    if (check.refusal) contactErrors[name] = toRpcStatus(check.refusal);
    checks.set(name, check);
  }
  if (Object.keys(contactErrors).length) return batchRefusal('update', contactErrors);

  const updateResult: Record<string, unknown> = {};
  for (const [name] of contacts) {
    const stored = ctx.store.live(name);
    const check = checks.get(name);
    if (!stored || !check) {
      updateResult[name] = { requestedResourceName: name, status: { code: 5, message: WIRE.notFoundMessage } };
      continue;
    }
    ctx.store.replace(stored, check.data!, mask.value, check.groups);
    updateResult[name] = { requestedResourceName: name, person: renderPerson(ctx.store, stored, fields), status: {} };
  }
  return ok({ updateResult });
}

function batchDelete(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const names = Array.isArray(bodyOf(req).resourceNames) ? (bodyOf(req).resourceNames as unknown[]).map(String) : [];
  const size = tooMany('resourceNames', 'resource_names', names.length, ctx.limits.batchDelete);
  if (size) return size;
  const missing = names.flatMap((name, i) =>
    ctx.store.live(name)?.kind === 'contact' ? [] : [{ field: `resource_names[${i}]`, description: `Resource not found: ${name}` }],
  );
  if (missing.length) return invalidArgument('Some resource names were not found.', missing);
  for (const name of new Set(names)) ctx.store.trash(ctx.store.live(name)!);
  return ok({});
}

export const batchRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/people:batchCreateContacts$/,
    name: 'people.batchCreateContacts',
    rpc: 'PeopleService.BatchCreateContacts',
    scopes: WRITE_SCOPES,
    mutates: true,
    quota: writeQuota(readsBack),
    handle: batchCreate,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/people:batchUpdateContacts$/,
    name: 'people.batchUpdateContacts',
    rpc: 'PeopleService.BatchUpdateContacts',
    scopes: WRITE_SCOPES,
    mutates: true,
    quota: writeQuota(readsBack),
    handle: batchUpdate,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/people:batchDeleteContacts$/,
    name: 'people.batchDeleteContacts',
    rpc: 'PeopleService.BatchDeleteContacts',
    scopes: WRITE_SCOPES,
    mutates: true,
    quota: writeQuota(() => false),
    handle: batchDelete,
  },
];
