/**
 * The batch mutations: batchCreateContacts (200), batchUpdateContacts (200), batchDeleteContacts
 * (500). A batch is all or nothing for validation, etags and R32's limits: one bad contact
 * refuses the whole call with a 400 whose BadRequest field violations name it, the way the live
 * API appears to behave (apis.md §3.6; unverified). A contact missing at update time gets its own
 * 404 in updateResult instead.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../shared/emulator-http.js';
import { invalidArgument, staleEtag, type FieldViolation } from '../errors.js';
import { renderPerson } from '../render.js';
import type { PersonData } from '../store.js';
import { parsePersonFields, parseUpdateFields, readPersonBody } from '../validate.js';
import { ok, writeQuota, type Route, type RouteContext } from './context.js';
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
  for (const [i, c] of contacts.entries()) {
    const input = readPersonBody(ctx.store, c?.contactPerson, `contacts[${i}].contact_person`);
    if (!input.ok) return invalidArgument(input.message, input.violations);
    const groups = input.value.groups ?? ['myContacts'];
    if (!keepsAGroup(groups)) return invalidArgument('A contact must belong to at least one contact group.', [{ field: `contacts[${i}].contact_person.memberships`, description: 'No group.' }]);
    inputs.push({ data: input.value.data, groups });
  }
  const full = checkCapacity(ctx, inputs.length, inputs.map((x) => x.data), (i) => `contacts[${i}].contact_person`);
  if (full) return full;
  const createdPeople = inputs.map(({ data, groups }) => {
    const person = ctx.store.insert(data, { groups });
    return { httpStatusCode: 200, person: renderPerson(ctx.store, person, fields), status: {} };
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
  const stale: FieldViolation[] = [];
  for (const [name, person] of contacts) {
    const stored = ctx.store.live(name);
    if (!stored) continue;
    const check = checkUpdate(ctx, stored, person, mask.value, `contacts[${name}]`);
    if (check.stale) stale.push(check.stale);
    else if (check.refusal) return check.refusal;
    checks.set(name, check);
  }
  if (stale.length) return staleEtag(stale);

  const updateResult: Record<string, unknown> = {};
  for (const [name] of contacts) {
    const stored = ctx.store.live(name);
    const check = checks.get(name);
    if (!stored || !check) {
      updateResult[name] = { requestedResourceName: name, httpStatusCode: 404, status: { code: 5, message: 'Requested entity was not found.' } };
      continue;
    }
    ctx.store.replace(stored, check.data!, mask.value, check.groups);
    updateResult[name] = { requestedResourceName: name, httpStatusCode: 200, person: renderPerson(ctx.store, stored, fields), status: {} };
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
  { method: 'POST', pattern: /^\/v1\/people:batchCreateContacts$/, name: 'people.batchCreateContacts', quota: writeQuota(readsBack), handle: batchCreate },
  { method: 'POST', pattern: /^\/v1\/people:batchUpdateContacts$/, name: 'people.batchUpdateContacts', quota: writeQuota(readsBack), handle: batchUpdate },
  { method: 'POST', pattern: /^\/v1\/people:batchDeleteContacts$/, name: 'people.batchDeleteContacts', quota: writeQuota(() => false), handle: batchDelete },
];
