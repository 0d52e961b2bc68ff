/**
 * Writes in batches of 100: archive, then update, then create (so a freed email can be reused in the
 * same run). HubSpot refuses a whole batch for one bad record (409 on a duplicate email, 400 on an
 * invalid value). A batch refused for duplicates is never split: one batch read by each unique
 * property it sets finds the records already holding those values, those inputs fail as duplicates
 * naming the record, and the rest is sent again in one call (O(1) extra calls per batch, where
 * halving cost two calls per duplicate and level). Other refusals are split in halves until only
 * the records at fault fail; a 207 fails just the records it names (unknown ids).
 */
import { mapBounded, WRITES_IN_FLIGHT } from '../shared/bounded.js';
import type { ConnectorError, WriteOp, WriteResult } from '../types.js';
import { decodeRecord, encodeFields, type FieldTypes, type WireRecord } from './codec.js';
import type { HubSpotContext } from './context.js';
import { describe, duplicateRefusal, isolatable, toConnectorError } from './errors.js';
import { BATCH_SIZE } from './limits.js';
import { plainJson } from './plain.js';

type CreateOp = Extract<WriteOp, { kind: 'create' }>;
type UpdateOp = Extract<WriteOp, { kind: 'update' }>;
type DeleteOp = Extract<WriteOp, { kind: 'delete' }>;

interface BatchAnswer {
  results: Array<WireRecord & { objectWriteTraceId?: string }>;
  errors?: Array<{ category: string; message: string; context?: Record<string, string[]> }>;
}

const chunk = <T>(xs: T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

export async function write(ctx: HubSpotContext, object: string, ops: WriteOp[]): Promise<WriteResult[]> {
  const names = new Set(ops.flatMap((op) => (op.kind === 'delete' ? [] : Object.keys(op.fields))));
  // The marker rides along only where HubSpot has its property (schema provisioning creates it, R16).
  const marker = ops.some((op) => op.kind === 'create' && op.marker) ? ctx.marker(object) : undefined;
  if (marker) names.add(marker);
  const types: FieldTypes = names.size ? await ctx.types(object, [...names]) : new Map();
  const results: WriteResult[] = [];
  const of = <K extends WriteOp['kind']>(kind: K) => ops.filter((op): op is Extract<WriteOp, { kind: K }> => op.kind === kind);
  // Each kind after the previous (a freed email can be reused), several batches of a kind at once.
  for (const batch of await mapBounded(chunk(of('delete'), BATCH_SIZE), WRITES_IN_FLIGHT, (b) => archive(ctx, object, b))) results.push(...batch);
  for (const batch of await mapBounded(chunk(of('update'), BATCH_SIZE), WRITES_IN_FLIGHT, (b) => send(ctx, object, b, types))) results.push(...batch);
  for (const batch of await mapBounded(chunk(of('create'), BATCH_SIZE), WRITES_IN_FLIGHT, (b) => send(ctx, object, b, types))) results.push(...batch);
  return results;
}

/** HubSpot archives in both modes: a hard delete exists only as the contacts' GDPR purge. */
async function archive(ctx: HubSpotContext, object: string, ops: DeleteOp[]): Promise<WriteResult[]> {
  try {
    const path = await ctx.path(object);
    await ctx.calls.call('batch/archive', () => ctx.calls.sdk.crm.objects.batchApi.archive(path, { inputs: ops.map((op) => ({ id: op.id })) }));
    return ops.map((op) => ({ ref: op.ref, ok: true, id: op.id }));
  } catch (error) {
    const e = toConnectorError(error, object);
    return ops.map((op) => ({ ref: op.ref, ok: false, error: e }));
  }
}

function properties(ctx: HubSpotContext, object: string, op: CreateOp | UpdateOp, types: FieldTypes): Record<string, string> {
  const encoded = encodeFields(op.fields, types, op.kind);
  const marker = ctx.marker(object);
  if (op.kind === 'create' && marker && op.marker && types.has(marker)) encoded[marker] = op.marker;
  return encoded;
}

/** A refusal every record in the batch would get (a mapped property HubSpot does not have): no point splitting. */
function blamesAll(error: unknown, ops: Array<CreateOp | UpdateOp>): boolean {
  const issues = describe(error).body?.errors ?? [];
  const names = issues.filter((i) => i.code === 'PROPERTY_DOESNT_EXIST' || i.code === 'READ_ONLY_VALUE').map((i) => i.context?.propertyName?.[0]);
  return names.length > 0 && names.length === issues.length && names.every((n) => n !== undefined && ops.every((op) => n in op.fields));
}

async function send(ctx: HubSpotContext, object: string, ops: Array<CreateOp | UpdateOp>, types: FieldTypes, settled = false): Promise<WriteResult[]> {
  const { calls } = ctx;
  const bodies = ops.map((op) => properties(ctx, object, op, types));
  let answer: BatchAnswer;
  try {
    const path = await ctx.path(object);
    // As plain JSON (plain.ts): the SDK's models of the bodies and answers cost more than the writes.
    const post = (kind: 'create' | 'update', inputs: unknown[]) =>
      plainJson<BatchAnswer>(calls, 'POST', `/crm/v3/objects/${encodeURIComponent(path)}/batch/${kind}`, { inputs });
    // objectWriteTraceId ties each result to its input: HubSpot does not promise to keep the order.
    answer =
      ops[0]!.kind === 'create'
        ? await calls.call(
            'batch/create',
            () =>
              post(
                'create',
                bodies.map((properties, i) => ({ properties, associations: [], objectWriteTraceId: String(i) })),
              ),
            // A retried create could land twice if the first one was processed; 429 and 5xx are refused up front.
            { idempotent: false },
          )
        : await calls.call('batch/update', () =>
            post(
              'update',
              (ops as UpdateOp[]).map((op, i) => ({ id: op.id, properties: bodies[i]!, objectWriteTraceId: String(i) })),
            ),
          );
  } catch (error) {
    // Refused for values other records hold: look them up once instead of halving (the lookup
    // failing, or finding nobody, falls back to halving). A second refusal (a record created
    // meanwhile) is halved too, so this costs at most one lookup per batch.
    if (ops.length > 1 && !settled && duplicateRefusal(error)) {
      const blamed = await blameDuplicates(ctx, object, ops, bodies).catch(() => undefined);
      if (blamed?.size) {
        const rest = ops.filter((_, i) => !blamed.has(i));
        const sent = rest.length ? await send(ctx, object, rest, types, true) : [];
        const byRef = new Map(sent.map((r) => [r.ref, r]));
        return ops.map((op, i) => (blamed.has(i) ? { ref: op.ref, ok: false as const, error: blamed.get(i)! } : byRef.get(op.ref)!));
      }
    }
    if (ops.length > 1 && isolatable(error) && !blamesAll(error, ops)) {
      const half = Math.ceil(ops.length / 2);
      return [...(await send(ctx, object, ops.slice(0, half), types, settled)), ...(await send(ctx, object, ops.slice(half), types, settled))];
    }
    const e = toConnectorError(error, object);
    return ops.map((op) => ({ ref: op.ref, ok: false, error: e }));
  }
  return matchResults(object, ops, answer, types, ctx.marker(object));
}

/** The properties whose values HubSpot lets only one record hold: contact email, hasUniqueValue ones, the marker. */
function uniqueProperties(ctx: HubSpotContext, object: string): string[] {
  const names = new Set((ctx.known(object)?.fields ?? []).filter((f) => f.unique).map((f) => f.name));
  const marker = ctx.marker(object);
  if (marker) names.add(marker);
  return [...names];
}

const fold = (v: string) => v.trim().toLowerCase();

/**
 * The inputs of a batch refused for duplicates that are at fault, with their error: those whose
 * unique value another record already holds (found by one batch read per unique property the batch
 * sets, by that property as idProperty), and the later holders of a value repeated in the batch.
 */
async function blameDuplicates(
  ctx: HubSpotContext,
  object: string,
  ops: Array<CreateOp | UpdateOp>,
  bodies: Array<Record<string, string>>,
): Promise<Map<number, ConnectorError>> {
  const blamed = new Map<number, ConnectorError>();
  const path = await ctx.path(object);
  for (const name of uniqueProperties(ctx, object)) {
    const values = [
      ...new Set(
        bodies
          .map((b) => b[name])
          .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
          .map(fold),
      ),
    ];
    if (!values.length) continue;
    const found = await ctx.calls.call('batch/read', () =>
      ctx.calls.sdk.crm.objects.batchApi.read(
        path,
        { inputs: values.map((id) => ({ id })), properties: [name], propertiesWithHistory: [], idProperty: name },
        false,
      ),
    );
    const holders = new Map<string, string>();
    for (const r of found.results) if (r.properties[name]) holders.set(fold(r.properties[name]!), String(r.id));
    const first = new Map<string, number>();
    for (const [i, body] of bodies.entries()) {
      const value = body[name];
      if (!value || blamed.has(i)) continue;
      const op = ops[i]!;
      const holder = holders.get(fold(value));
      if (holder !== undefined && !(op.kind === 'update' && op.id === holder)) {
        blamed.set(
          i,
          toConnectorError(
            { code: 409, body: { category: 'CONFLICT', message: `${object} already has a record with this ${name}. Existing ID: ${holder}` } },
            object,
          ),
        );
      } else if (first.has(fold(value))) {
        blamed.set(
          i,
          toConnectorError(
            {
              code: 409,
              body: { category: 'CONFLICT', message: `Duplicate ${name} values found in batch input: [${value}], held by another record of the batch` },
            },
            object,
          ),
        );
      } else first.set(fold(value), i);
    }
  }
  return blamed;
}

function matchResults(object: string, ops: Array<CreateOp | UpdateOp>, answer: BatchAnswer, types: FieldTypes, marker?: string): WriteResult[] {
  const byTrace = new Map<string, WireRecord>();
  const byId = new Map<string, WireRecord>();
  for (const [i, r] of answer.results.entries()) {
    byTrace.set(r.objectWriteTraceId ?? (ops[0]!.kind === 'create' ? String(i) : ''), r);
    byId.set(String(r.id), r);
  }
  const errors = answer.errors ?? [];
  return ops.map((op, i): WriteResult => {
    const stored = byTrace.get(String(i)) ?? (op.kind === 'update' ? byId.get(op.id) : undefined);
    if (stored) {
      const decoded = decodeRecord(object, stored, Object.keys(op.fields), types, marker);
      return { ref: op.ref, ok: true, id: String(stored.id), fields: decoded.fields, modifiedAt: decoded.modifiedAt };
    }
    const named = errors.find((e) => op.kind === 'update' && e.context?.ids?.includes(op.id));
    const error = named ?? errors[0];
    const notFound = error?.category === 'OBJECT_NOT_FOUND';
    const out: ConnectorError = {
      code: error?.category ?? 'UNKNOWN',
      category: notFound ? 'not-found' : 'unknown',
      message: error?.message ?? 'HubSpot did not return this record',
      retryable: false,
      hint: notFound
        ? `The ${object} record no longer exists in HubSpot: resync it from the other app (R30) or drop the link.`
        : 'HubSpot accepted the batch but did not confirm this record: read it back before writing it again.',
    };
    return { ref: op.ref, ok: false, error: out };
  });
}
