/**
 * One contact at a time: people.get, people.getBatchGet, createContact, updateContact (etag
 * required and checked) and deleteContact (to Trash).
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { PERSON_FIELDS, WIRE } from '../../limits.js';
import { failedPrecondition, invalidArgument, notFound, staleEtag, storageQuota } from '../errors.js';
import { renderPerson } from '../render.js';
import type { PersonData, StoredPerson } from '../store.js';
import { parsePersonFields, parseUpdateFields, readPersonBody } from '../validate.js';
import { ok, param, READ_SCOPES, readQuota, WRITE_SCOPES, writeQuota, type Route, type RouteContext } from './context.js';

/** personFields where it is optional: absent means every field. */
function optionalFields(req: EmulatorRequest): string[] | EmulatorResponse {
  const raw = param(req, 'personFields');
  if (!raw) return [...PERSON_FIELDS];
  const fields = parsePersonFields(raw);
  return fields.ok ? fields.value : invalidArgument(fields.message, fields.violations);
}

/** R32: the account's contact count and one contact's size. */
export function checkCapacity(ctx: RouteContext, adding: number, data: PersonData[], at: (i: number) => string): EmulatorResponse | undefined {
  const { store, limits } = ctx;
  // The contacts themselves first: an oversized one is wrong whatever room the account has.
  const violations = data.flatMap((d, i) =>
    store.sizeOf(d) > limits.maxContactBytes ? [{ field: at(i), description: `The contact is larger than ${limits.maxContactBytes} bytes.` }] : [],
  );
  if (violations.length) return storageQuota('size', limits.maxContactBytes, violations);
  if (adding > 0 && store.usedSlots() + adding > limits.maxContacts) return storageQuota('count', limits.maxContacts);
  return undefined;
}

/** A contact must keep at least one group (apis.md §3.5). */
export const keepsAGroup = (groups: string[]) => groups.length > 0;

function getPerson(ctx: RouteContext, req: EmulatorRequest, [id]: string[]): EmulatorResponse {
  const fields = parsePersonFields(param(req, 'personFields') ?? param(req, 'requestMask.includeField'));
  if (!fields.ok) return invalidArgument(fields.message, fields.violations);
  const person = ctx.store.resolve(`people/${id}`);
  return person ? ok(renderPerson(ctx.store, person, fields.value)) : notFound();
}

/**
 * people.get on `people/me`: the signed-in account as a person. Its resourceName carries the
 * account's profile id, the one stable name of the account ("people/me … the authenticated user",
 * people.get reference). personFields is required, as on every get. Assumption: with only the
 * contacts scope the profile's own fields (names, emails) are not shared, so only the metadata comes
 * back, whatever the mask asks for.
 */
function getMe(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const fields = parsePersonFields(param(req, 'personFields') ?? param(req, 'requestMask.includeField'));
  if (!fields.ok) return invalidArgument(fields.message, fields.violations);
  const etag = `%EgUBAi43PRoEAQIFByIM${Buffer.from(ctx.account).toString('base64url').slice(0, 12)}`;
  return ok({ resourceName: `people/${ctx.account}`, etag, metadata: { sources: [{ type: 'PROFILE', id: ctx.account, etag }], objectType: 'PERSON' } });
}

function batchGet(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const fields = parsePersonFields(param(req, 'personFields') ?? param(req, 'requestMask.includeField'));
  if (!fields.ok) return invalidArgument(fields.message, fields.violations);
  const names = req.url.searchParams.getAll('resourceNames');
  if (!names.length)
    return invalidArgument('resourceNames is required.', [{ field: 'resource_names', description: 'At least one resource name is required.' }]);
  if (names.length > ctx.limits.batchGet) {
    return invalidArgument(`Too many resource names: at most ${ctx.limits.batchGet} are allowed.`, [
      { field: 'resource_names', description: `At most ${ctx.limits.batchGet}.` },
    ]);
  }
  const responses = names.map((name) => {
    const person = ctx.store.resolve(name);
    return person
      ? { requestedResourceName: name, person: renderPerson(ctx.store, person, fields.value), status: {} }
      : { requestedResourceName: name, status: { code: 5, message: WIRE.notFoundMessage } };
  });
  return ok({ responses });
}

function createContact(ctx: RouteContext, req: EmulatorRequest): EmulatorResponse {
  const fields = optionalFields(req);
  if (!Array.isArray(fields)) return fields;
  const input = readPersonBody(ctx.store, req.body, 'person');
  if (!input.ok) return invalidArgument(input.message, input.violations);
  const groups = input.value.groups ?? ['myContacts'];
  if (!keepsAGroup(groups)) return invalidArgument('A contact must belong to at least one contact group.');
  const full = checkCapacity(ctx, 1, [input.value.data], () => 'person');
  if (full) return full;
  const person = ctx.store.insert(input.value.data, { groups });
  return ok(renderPerson(ctx.store, person, fields));
}

export interface UpdateCheck {
  /** The refusal, when the update cannot be applied. */
  refusal?: EmulatorResponse;
  data?: PersonData;
  groups?: string[];
}

/** Checks one update without applying it (shared with batchUpdateContacts). */
export function checkUpdate(ctx: RouteContext, person: StoredPerson, body: unknown, mask: string[], at: string): UpdateCheck {
  const input = readPersonBody(ctx.store, body, at);
  if (!input.ok) return { refusal: invalidArgument(input.message, input.violations) };
  const { etag, data } = input.value;
  if (!etag) {
    const message = 'Request must set person.etag or person.metadata.sources.etag for the source that is being updated.';
    return { refusal: invalidArgument(message, [{ field: `${at}.etag`, description: 'The etag is required.' }]) };
  }
  if (etag !== ctx.store.etag(person) && etag !== ctx.store.sourceEtag(person)) return { refusal: staleEtag() };
  const groups = mask.includes('memberships') ? (input.value.groups ?? []) : undefined;
  if (groups && !keepsAGroup(groups)) return { refusal: failedPrecondition('A contact must belong to at least one contact group.') };
  const next: PersonData = { ...person.data };
  for (const f of mask) if (f !== 'memberships') next[f] = data[f] ?? [];
  const full = checkCapacity(ctx, 0, [next], () => at);
  return full ? { refusal: full } : { data, ...(groups ? { groups } : {}) };
}

function updateContact(ctx: RouteContext, req: EmulatorRequest, [id]: string[]): EmulatorResponse {
  const mask = parseUpdateFields(param(req, 'updatePersonFields'));
  if (!mask.ok) return invalidArgument(mask.message, mask.violations);
  const fields = optionalFields(req);
  if (!Array.isArray(fields)) return fields;
  const person = ctx.store.live(`people/${id}`);
  if (!person) return notFound();
  const check = checkUpdate(ctx, person, req.body, mask.value, 'person');
  if (check.refusal) return check.refusal;
  ctx.store.replace(person, check.data!, mask.value, check.groups);
  return ok(renderPerson(ctx.store, person, fields));
}

function deleteContact(ctx: RouteContext, _req: EmulatorRequest, [id]: string[]): EmulatorResponse {
  const person = ctx.store.live(`people/${id}`);
  if (!person) return notFound();
  ctx.store.trash(person);
  return ok({});
}

export const peopleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/v1\/people:batchGet$/,
    name: 'people.getBatchGet',
    rpc: 'PeopleService.GetPeople',
    scopes: READ_SCOPES,
    quota: readQuota,
    handle: batchGet,
  },
  {
    method: 'POST',
    pattern: /^\/v1\/people:createContact$/,
    name: 'people.createContact',
    rpc: 'PeopleService.CreateContact',
    scopes: WRITE_SCOPES,
    mutates: true,
    quota: writeQuota(() => true),
    handle: createContact,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/people\/(c\d+)$/,
    name: 'people.get',
    rpc: 'PeopleService.GetPerson',
    scopes: READ_SCOPES,
    quota: readQuota,
    handle: getPerson,
  },
  {
    method: 'PATCH',
    pattern: /^\/v1\/people\/(c\d+):updateContact$/,
    name: 'people.updateContact',
    rpc: 'PeopleService.UpdateContact',
    scopes: WRITE_SCOPES,
    mutates: true,
    quota: writeQuota(() => true),
    handle: updateContact,
  },
  {
    method: 'DELETE',
    pattern: /^\/v1\/people\/(c\d+):deleteContact$/,
    name: 'people.deleteContact',
    rpc: 'PeopleService.DeleteContact',
    scopes: WRITE_SCOPES,
    mutates: true,
    quota: writeQuota(() => false),
    handle: deleteContact,
  },
  {
    method: 'GET',
    pattern: /^\/v1\/people\/me$/,
    name: 'people.get(me)',
    rpc: 'PeopleService.GetPerson',
    scopes: READ_SCOPES,
    quota: readQuota,
    handle: getMe,
  },
];
