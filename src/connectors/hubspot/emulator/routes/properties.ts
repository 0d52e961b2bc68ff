/**
 * CRM v3 properties: list (no paging), get by name, create (201, custom properties), update and
 * archive; plus the property groups listing. Created properties are usable in writes and searches
 * at once, which schema provisioning (R16) relies on.
 */
import { hsError, noContent, notFound, ok, validation } from '../errors.js';
import type { HsObjectType, HsOption, HsProperty } from '../model.js';
import { isResponse, objectType, route, type Route, type RouteContext } from './route.js';

const FIELD_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  phone_number: ['phonenumber'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  bool: ['booleancheckbox'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
};

interface PropertyInput {
  name?: string;
  label?: string;
  type?: string;
  fieldType?: string;
  groupName?: string;
  description?: string;
  options?: Array<Partial<HsOption>>;
  displayOrder?: number;
  hasUniqueValue?: boolean;
  hidden?: boolean;
  formField?: boolean;
  referencedObjectType?: string;
}

function options(input: PropertyInput['options']): HsOption[] {
  return (input ?? []).map((o, i) => ({
    label: String(o.label ?? o.value ?? ''),
    value: String(o.value ?? ''),
    displayOrder: o.displayOrder ?? i,
    hidden: o.hidden ?? false,
    ...(o.description ? { description: o.description } : {}),
  }));
}

function problem(input: PropertyInput): string | undefined {
  for (const key of ['name', 'label', 'type', 'fieldType', 'groupName'] as const) {
    if (!input[key]) return `Missing required field: ${key}`;
  }
  if (!/^[a-z][a-z0-9_]*$/.test(input.name!))
    return `Invalid property name "${input.name}": use lower-case letters, digits and underscores, starting with a letter`;
  if (input.name!.startsWith('hs_')) return `Property names starting with "hs_" are reserved: ${input.name}`;
  const allowed = FIELD_TYPES[input.type!];
  if (!allowed) return `Invalid property type: ${input.type}`;
  if (!allowed.includes(input.fieldType!)) return `fieldType ${input.fieldType} is not valid for type ${input.type}`;
  if (input.type === 'enumeration' && input.fieldType !== 'booleancheckbox' && !input.options?.length) return 'Enumeration properties need options';
  return undefined;
}

function getAll(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const archived = ctx.req.url.searchParams.get('archived') === 'true';
  return ok({ results: [...type.properties.values()].filter((p) => p.archived === archived) });
}

function property(type: HsObjectType, name: string): HsProperty | undefined {
  const p = type.properties.get(name);
  return p && !p.archived ? p : undefined;
}

function getByName(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const found = property(type, ctx.params[1]!);
  return found ? ok(found) : notFound(`Unable to find property ${ctx.params[1]} on ${type.name}`);
}

function create(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const input = (ctx.req.body ?? {}) as PropertyInput;
  const bad = problem(input);
  if (bad) return validation(bad);
  if (type.properties.get(input.name!)?.archived === false) {
    return hsError(409, 'OBJECT_ALREADY_EXISTS', `Property named '${input.name}' already exists.`);
  }
  const at = ctx.store.isoNow();
  const bool = input.fieldType === 'booleancheckbox';
  const created: HsProperty = {
    name: input.name!,
    label: input.label!,
    type: input.type!,
    fieldType: input.fieldType!,
    groupName: input.groupName!,
    description: input.description ?? '',
    options:
      bool && !input.options?.length
        ? options([
            { label: 'Yes', value: 'true' },
            { label: 'No', value: 'false' },
          ])
        : options(input.options),
    displayOrder: input.displayOrder ?? -1,
    hasUniqueValue: input.hasUniqueValue ?? false,
    hidden: input.hidden ?? false,
    formField: input.formField ?? false,
    calculated: false,
    externalOptions: false,
    hubspotDefined: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    ...(input.referencedObjectType ? { referencedObjectType: input.referencedObjectType } : {}),
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
  type.properties.set(created.name, created);
  ctx.store.touch();
  return ok(created, 201);
}

function update(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const existing = property(type, ctx.params[1]!);
  if (!existing) return notFound(`Unable to find property ${ctx.params[1]} on ${type.name}`);
  if (existing.modificationMetadata.readOnlyDefinition)
    return validation(`${existing.name} is a HubSpot defined property and its definition cannot be changed`);
  const input = (ctx.req.body ?? {}) as PropertyInput;
  const next = { ...existing, ...input, name: existing.name, options: input.options ? options(input.options) : existing.options };
  const bad = problem(next);
  if (bad) return validation(bad);
  Object.assign(existing, next, { updatedAt: ctx.store.isoNow() });
  ctx.store.touch();
  return ok(existing);
}

function archive(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const existing = property(type, ctx.params[1]!);
  if (!existing) return notFound(`Unable to find property ${ctx.params[1]} on ${type.name}`);
  if (!existing.modificationMetadata.archivable) return validation(`${existing.name} is a HubSpot defined property and cannot be archived`);
  Object.assign(existing, { archived: true, archivedAt: ctx.store.isoNow() });
  ctx.store.touch();
  return noContent();
}

function groups(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  const names = [...new Set([...type.properties.values()].map((p) => p.groupName))];
  return ok({ results: names.map((name, i) => ({ name, label: name, displayOrder: i, archived: false })) });
}

export const propertyRoutes: Route[] = [
  route('GET', '/crm/v3/properties/:type/groups', 'GET properties/groups', groups),
  route('GET', '/crm/v3/properties/:type', 'GET properties', getAll),
  route('POST', '/crm/v3/properties/:type', 'POST properties', create),
  route('GET', '/crm/v3/properties/:type/:name', 'GET properties/name', getByName),
  route('PATCH', '/crm/v3/properties/:type/:name', 'PATCH properties/name', update),
  route('DELETE', '/crm/v3/properties/:type/:name', 'DELETE properties/name', archive),
];
