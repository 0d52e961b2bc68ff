/**
 * The org's objects: the standard ones plus the custom objects and custom fields declared for this
 * instance (R7), each custom object with the system fields and Name field the app gives it.
 */
import { STANDARD_OBJECTS, systemFields, type SfFieldSpec, type SfObjectSpec } from '../standard-objects.js';
import type { CustomFieldOptions, CustomObjectOptions } from './options.js';

/** A custom object's or field's API name, `__c` appended when missing. */
export const withSuffix = (name: string) => (name.endsWith('__c') ? name : `${name}__c`);

function customField(f: CustomFieldOptions): SfFieldSpec {
  const spec: SfFieldSpec = { ...f, name: withSuffix(f.name), custom: true };
  if (f.type === 'reference') spec.relationshipName = f.relationshipName ?? spec.name.replace(/__c$/, '__r');
  return spec;
}

function customObject(o: CustomObjectOptions, index: number): SfObjectSpec {
  const name = withSuffix(o.name);
  const label = o.label ?? name.replace(/__c$/, '').replace(/_/g, ' ');
  return {
    name,
    label,
    labelPlural: o.labelPlural ?? `${label}s`,
    // Custom objects get prefixes a00, a01, … in the order they were created.
    keyPrefix: `a${index.toString(36).padStart(2, '0')}`,
    custom: true,
    fields: [
      ...systemFields(),
      { name: 'OwnerId', type: 'reference', referenceTo: ['User'], relationshipName: 'Owner' },
      // The Name of a custom object defaults to the record id when not given.
      { name: 'Name', type: 'string', length: 80, label: `${label} Name` },
      ...(o.fields ?? []).map(customField),
    ],
  };
}

export function buildSpecs(customObjects: CustomObjectOptions[] = [], customFields: Record<string, CustomFieldOptions[]> = {}): SfObjectSpec[] {
  const standard = STANDARD_OBJECTS.map((o) => {
    const extra = Object.entries(customFields).find(([name]) => name.toLowerCase() === o.name.toLowerCase())?.[1] ?? [];
    return { ...o, fields: [...o.fields, ...extra.map(customField)] };
  });
  return [...standard, ...customObjects.map(customObject)];
}
