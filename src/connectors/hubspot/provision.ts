/**
 * Schema provisioning (R16): creates a HubSpot property for a field that has no match, mapping the
 * engine's FieldType onto HubSpot's type and fieldType. A property that already exists is returned
 * as it is, so provisioning can be repeated.
 */
import type { FieldDef, FieldType } from '../types.js';
import { ConnectorFailure } from '../types.js';
import { fieldDefOf } from './catalogue.js';
import type { HubSpotContext } from './context.js';
import { describe, toConnectorError } from './errors.js';

const WIRE_TYPES: Record<FieldType, { type: string; fieldType: string }> = {
  string: { type: 'string', fieldType: 'text' },
  text: { type: 'string', fieldType: 'textarea' },
  email: { type: 'string', fieldType: 'text' },
  phone: { type: 'string', fieldType: 'phonenumber' },
  url: { type: 'string', fieldType: 'text' },
  number: { type: 'number', fieldType: 'number' },
  boolean: { type: 'bool', fieldType: 'booleancheckbox' },
  date: { type: 'date', fieldType: 'date' },
  datetime: { type: 'datetime', fieldType: 'date' },
  enum: { type: 'enumeration', fieldType: 'select' },
  'multi-enum': { type: 'enumeration', fieldType: 'checkbox' },
  id: { type: 'string', fieldType: 'text' },
  reference: { type: 'string', fieldType: 'text' },
};

const GROUPS: Record<string, string> = { contacts: 'contactinformation', companies: 'companyinformation', deals: 'dealinformation' };

export interface PropertyRequest extends FieldDef {
  /** HubSpot property group; defaults to the object's main information group. */
  groupName?: string;
  description?: string;
}

export async function createProperty(ctx: HubSpotContext, object: string, def: PropertyRequest): Promise<FieldDef> {
  const api = ctx.calls.sdk.crm.properties.coreApi;
  const wire = WIRE_TYPES[def.type];
  const options =
    def.type === 'boolean'
      ? [
          { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
          { label: 'No', value: 'false', displayOrder: 1, hidden: false },
        ]
      : (def.options ?? []).map((value, i) => ({ label: value, value, displayOrder: i, hidden: false }));
  const body = {
    name: def.name,
    label: def.label ?? def.name,
    type: wire.type,
    fieldType: wire.fieldType,
    groupName: def.groupName ?? GROUPS[object] ?? `${object}_information`,
    description: def.description ?? '',
    options,
    hasUniqueValue: def.unique === true,
    formField: false,
  };
  let path = object;
  try {
    path = await ctx.path(object);
    // Safe to send again: a property that the lost first call did create answers 409, read below.
    const created = await ctx.calls.call('properties/create', () => api.create(path, body as never));
    const out = fieldDefOf(object, created);
    ctx.remember(object, out);
    return out;
  } catch (error) {
    if (describe(error).status === 409) {
      const existing = await ctx.calls.call('properties/read', () => api.getByName(path, def.name)).catch(() => undefined);
      if (existing) {
        const out = fieldDefOf(object, existing);
        ctx.remember(object, out);
        return out;
      }
    }
    throw new ConnectorFailure(toConnectorError(error, object), ctx.settings.name);
  }
}
