/**
 * Custom object schemas: list (custom objects only), get by any object-type form, create (201,
 * giving an objectTypeId `2-<n>` and a fully qualified name `p<portal>_<name>`) and delete.
 */
import type { HubSpotFieldType, HubSpotPropertyType } from '../../standard-properties.js';
import { hsError, noContent, ok, validation } from '../errors.js';
import type { EmulatorResponse } from '../../../shared/emulator-http.js';
import { propertyFromSpec, type HsObjectType } from '../model.js';
import type { HubSpotStore } from '../store.js';
import { isResponse, objectType, route, type Route, type RouteContext } from './route.js';

const DEFAULT_FIELD_TYPE: Record<string, HubSpotFieldType> = {
  string: 'text',
  number: 'number',
  enumeration: 'select',
  date: 'date',
  datetime: 'date',
  bool: 'booleancheckbox',
  phone_number: 'phonenumber',
};

export interface SchemaEgg {
  name?: string;
  labels?: { singular?: string; plural?: string };
  description?: string;
  requiredProperties?: string[];
  searchableProperties?: string[];
  secondaryDisplayProperties?: string[];
  primaryDisplayProperty?: string;
  associatedObjects?: string[];
  properties?: Array<{ name?: string; label?: string; type?: string; fieldType?: string; hasUniqueValue?: boolean; options?: Array<{ value?: string }> }>;
}

function schemaOf(ctx: RouteContext, type: HsObjectType) {
  const associations = ctx.store.associations.types
    .filter((t) => t.fromTypeId === type.objectTypeId || t.toTypeId === type.objectTypeId)
    .map((t) => ({ id: String(t.typeId), fromObjectTypeId: t.fromTypeId, toObjectTypeId: t.toTypeId, name: t.name }));
  return {
    id: type.schemaId ?? type.objectTypeId,
    objectTypeId: type.objectTypeId,
    name: type.name,
    fullyQualifiedName: type.fullyQualifiedName,
    labels: type.labels,
    ...(type.description ? { description: type.description } : {}),
    requiredProperties: type.requiredProperties,
    searchableProperties: type.searchableProperties,
    secondaryDisplayProperties: type.secondaryDisplayProperties,
    ...(type.primaryDisplayProperty ? { primaryDisplayProperty: type.primaryDisplayProperty } : {}),
    properties: [...type.properties.values()].filter((p) => !p.archived),
    associations,
    archived: false,
    createdAt: type.createdAt,
    updatedAt: type.updatedAt,
  };
}

function getAll(ctx: RouteContext) {
  return ok({ results: [...ctx.store.types.values()].filter((t) => t.custom).map((t) => schemaOf(ctx, t)) });
}

function getOne(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  return isResponse(type) ? type : ok(schemaOf(ctx, type));
}

/** Defines a custom object in `store`; returns the new type, or the error response HubSpot gives. */
export function defineSchema(store: HubSpotStore, egg: SchemaEgg): HsObjectType | EmulatorResponse {
  if (!egg.name || !/^[A-Za-z][A-Za-z0-9_]*$/.test(egg.name)) return validation(`Invalid object name: ${egg.name}`);
  if (!egg.labels?.singular || !egg.labels.plural) return validation('labels.singular and labels.plural are required');
  if (store.customNamed(egg.name)) return hsError(409, 'OBJECT_ALREADY_EXISTS', `Object type with name ${egg.name} already exists`);
  const names = new Set((egg.properties ?? []).map((p) => p.name));
  for (const p of egg.properties ?? []) {
    if (!p.name || !p.label || !p.type || !DEFAULT_FIELD_TYPE[p.type]) return validation(`Invalid property definition: ${JSON.stringify(p)}`);
  }
  for (const name of [...(egg.requiredProperties ?? []), egg.primaryDisplayProperty ?? []].flat()) {
    if (!names.has(name)) return validation(`Property ${name} is not defined on the object`);
  }
  const associated: HsObjectType[] = [];
  for (const ref of egg.associatedObjects ?? []) {
    const target = store.resolveType(ref);
    if (!target) return validation(`Unable to infer object type from: ${ref}`);
    associated.push(target);
  }
  const n = store.nextCustomType++;
  const properties = (egg.properties ?? []).map((p, i) => {
    const built = propertyFromSpec(
      {
        name: p.name!,
        label: p.label!,
        type: p.type as HubSpotPropertyType,
        fieldType: (p.fieldType as HubSpotFieldType) ?? DEFAULT_FIELD_TYPE[p.type!]!,
        groupName: `${egg.name}_information`,
        options: p.options?.map((o) => String(o.value ?? '')),
      },
      i,
      false,
    );
    built.hasUniqueValue = p.hasUniqueValue ?? false;
    built.modificationMetadata = { archivable: true, readOnlyDefinition: false, readOnlyValue: false };
    return built;
  });
  const type = store.addType(egg.name, `2-${n}`, { singular: egg.labels.singular, plural: egg.labels.plural }, true, properties);
  Object.assign(type, {
    schemaId: String(n),
    description: egg.description,
    requiredProperties: egg.requiredProperties ?? [],
    searchableProperties: egg.searchableProperties ?? [],
    secondaryDisplayProperties: egg.secondaryDisplayProperties ?? [],
    primaryDisplayProperty: egg.primaryDisplayProperty,
  });
  for (const target of associated) store.associations.defineCustom(type.objectTypeId, target.objectTypeId, `${egg.name}_to_${target.name}`);
  store.touch();
  return type;
}

function create(ctx: RouteContext) {
  const type = defineSchema(ctx.store, (ctx.req.body ?? {}) as SchemaEgg);
  return isResponse(type) ? type : ok(schemaOf(ctx, type), 201);
}

function remove(ctx: RouteContext) {
  const type = objectType(ctx, ctx.params[0]!);
  if (isResponse(type)) return type;
  if (!type.custom) return validation(`${type.name} is a standard object and cannot be deleted`);
  if ([...type.records.values()].some((r) => !r.archived)) return validation(`Object type ${type.name} still has records; delete them first`);
  ctx.store.types.delete(type.objectTypeId);
  ctx.store.touch();
  return noContent();
}

export const schemaRoutes: Route[] = [
  route('GET', '/crm-object-schemas/v3/schemas', 'GET schemas', getAll),
  route('POST', '/crm-object-schemas/v3/schemas', 'POST schemas', create),
  route('GET', '/crm-object-schemas/v3/schemas/:type', 'GET schemas/type', getOne),
  route('DELETE', '/crm-object-schemas/v3/schemas/:type', 'DELETE schemas/type', remove),
];
