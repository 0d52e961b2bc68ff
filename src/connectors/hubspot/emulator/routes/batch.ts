/**
 * CRM v3 batch calls (apis.md §1.4): at most 100 inputs; unknown ids make a 207 with `numErrors` and
 * `errors`; an invalid value fails the whole batch with 400, and a duplicate unique value (contact
 * email) fails it with 409 before anything is written, so a refused batch changes nothing.
 */
import { BATCH_HISTORY_SIZE } from '../../limits.js';
import { noContent, ok, propertyValidationError, standardError, validation, type PropertyIssue } from '../errors.js';
import type { HsObjectType, HsRecord } from '../model.js';
import { checkProperties } from '../values.js';
import { publicObject, selection } from '../view.js';
import {
  applyInline,
  checkIdProperty,
  conflict,
  duplicateInBatch,
  findConflict,
  findRecord,
  inlineAssociations,
  missingRequired,
  type InlineAssociation,
} from './writes.js';
import { batchInputs, batchTimes, isResponse, objectType, route, type Route, type RouteContext } from './route.js';

function notFoundError(type: HsObjectType, ids: string[]) {
  const noun = type.labels.singular.toUpperCase();
  return standardError('OBJECT_NOT_FOUND', `Could not get some ${noun} objects, they may be deleted or not exist. Check that ids are valid.`, { ids });
}

/** 200 when every input worked, 207 with the failures otherwise. */
function batchAnswer(ctx: RouteContext, type: HsObjectType, results: unknown[], missing: string[], okStatus = 200) {
  const times = batchTimes(ctx);
  if (!missing.length) return ok({ status: 'COMPLETE', results, ...times }, okStatus);
  return ok({ status: 'COMPLETE', results, numErrors: 1, errors: [notFoundError(type, missing)], ...times }, 207);
}

function read(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const body = (ctx.req.body ?? {}) as { properties?: string[]; propertiesWithHistory?: string[]; idProperty?: string };
  const withHistory = (body.propertiesWithHistory ?? []).length > 0;
  const inputs = batchInputs<{ id?: string }>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  if (withHistory && inputs.length > BATCH_HISTORY_SIZE) {
    return validation(
      `The maximum number of inputs supported in a batch request for property histories is ${BATCH_HISTORY_SIZE}. Please reduce the number of items and try again`,
    );
  }
  const bad = checkIdProperty(type, body.idProperty);
  if (bad) return bad;
  const archived = ctx.req.url.searchParams.get('archived') === 'true';
  const select = selection(type, body.properties);
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const id = String(input?.id ?? '');
    let record = findRecord(ctx.store, type, id, body.idProperty);
    if (!record && archived) record = ctx.store.archivedRecord(type, id);
    if (record) results.push(publicObject(type, record, select));
    else missing.push(id);
  }
  return batchAnswer(ctx, type, results, missing);
}

interface CreateInput {
  properties?: unknown;
  associations?: unknown;
  objectWriteTraceId?: string;
}

function create(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const inputs = batchInputs<CreateInput>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  // Check everything first: a batch HubSpot refuses writes nothing.
  const issues: PropertyIssue[] = [];
  const checked: Array<{ values: Record<string, string>; links: InlineAssociation[]; trace?: string }> = [];
  for (const input of inputs) {
    const c = checkProperties(type, input?.properties, 'create');
    if ('issues' in c) {
      issues.push(...c.issues);
      continue;
    }
    const links = inlineAssociations(ctx.store, type, input?.associations);
    if (isResponse(links)) return links;
    checked.push({ values: c.values, links, trace: input?.objectWriteTraceId });
  }
  if (issues.length) return propertyValidationError(issues);
  for (const c of checked) {
    const missing = missingRequired(type, c.values);
    if (missing) return missing;
  }
  for (const c of checked) {
    const existing = findConflict(ctx.store, type, c.values);
    if (existing) return conflict(type, existing);
  }
  const repeated = duplicateInBatch(
    type,
    checked.map((c) => c.values),
  );
  if (repeated) return repeated;
  const results = checked.map((c) => {
    const record = ctx.store.create(type, c.values);
    applyInline(ctx.store, type, record, c.links);
    const out = publicObject(type, record, null);
    if (c.trace !== undefined) out.objectWriteTraceId = c.trace;
    return out;
  });
  return ok({ status: 'COMPLETE', results, ...batchTimes(ctx) }, 201);
}

interface UpdateInput {
  id?: string;
  idProperty?: string;
  properties?: unknown;
  objectWriteTraceId?: string;
}

function update(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const inputs = batchInputs<UpdateInput>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  const ids = inputs.map((i) => String(i?.id ?? ''));
  const repeatedId = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeatedId !== undefined) return validation(`Duplicate IDs found in batch input: [${repeatedId}]. IDs must be unique`);
  const issues: PropertyIssue[] = [];
  const missing: string[] = [];
  const planned: Array<{ record: HsRecord; values: Record<string, string>; trace?: string }> = [];
  for (const input of inputs) {
    const bad = checkIdProperty(type, input?.idProperty);
    if (bad) return bad;
    const record = findRecord(ctx.store, type, String(input?.id ?? ''), input?.idProperty);
    if (!record) {
      missing.push(String(input?.id ?? ''));
      continue;
    }
    const c = checkProperties(type, input?.properties, 'update');
    if ('issues' in c) issues.push(...c.issues);
    else planned.push({ record, values: c.values, trace: input?.objectWriteTraceId });
  }
  if (issues.length) return propertyValidationError(issues);
  for (const p of planned) {
    const existing = findConflict(ctx.store, type, p.values, p.record.id);
    if (existing) return conflict(type, existing);
  }
  const repeated = duplicateInBatch(
    type,
    planned.map((p) => p.values),
  );
  if (repeated) return repeated;
  const results = planned.map((p) => {
    const out = publicObject(type, ctx.store.update(type, p.record, p.values), null);
    if (p.trace !== undefined) out.objectWriteTraceId = p.trace;
    return out;
  });
  return batchAnswer(ctx, type, results, missing);
}

function archive(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const inputs = batchInputs<{ id?: string }>(ctx.req.body);
  if (isResponse(inputs)) return inputs;
  for (const input of inputs) {
    const record = ctx.store.live(type, String(input?.id ?? ''));
    if (record) ctx.store.archive(type, record);
  }
  return noContent();
}

export const batchRoutes: Route[] = [
  route('POST', '/crm/v3/objects/:type/batch/read', 'POST objects/batch/read', read),
  route('POST', '/crm/v3/objects/:type/batch/create', 'POST objects/batch/create', create),
  route('POST', '/crm/v3/objects/:type/batch/update', 'POST objects/batch/update', update),
  route('POST', '/crm/v3/objects/:type/batch/archive', 'POST objects/batch/archive', archive),
];
