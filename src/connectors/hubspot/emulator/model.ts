/**
 * The emulator's in-memory shapes: object types with their properties and records, association types,
 * and lists. Records keep HubSpot's wire form (every value a string), so serving them is a copy.
 */
import type { AssociationTypeDef } from '../association-types.js';
import type { PropertySpec } from '../standard-properties.js';

export interface HsOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** HubSpot's Property model (apis.md §1.6): the required keys and the optional ones the SDK reads. */
export interface HsProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: HsOption[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  referencedObjectType?: string;
  createdAt?: string;
  updatedAt?: string;
  archived: boolean;
}

export interface HsRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** Earlier versions, oldest first (kept only while search lags): what the search index still shows. */
  versions?: HsVersion[];
}

/** A record as it was before a change. */
export interface HsVersion {
  properties: Record<string, string>;
  updatedAt: string;
  archived: boolean;
}

export interface HsObjectType {
  name: string;
  objectTypeId: string;
  fullyQualifiedName: string;
  labels: { singular: string; plural: string };
  custom: boolean;
  /** The schema id of a custom object (`/crm-object-schemas/v3/schemas` `id`). */
  schemaId?: string;
  description?: string;
  properties: Map<string, HsProperty>;
  records: Map<string, HsRecord>;
  /** Record ids in ascending numeric order, archived ones included: list paging walks it. */
  order: string[];
  requiredProperties: string[];
  primaryDisplayProperty?: string;
  secondaryDisplayProperties: string[];
  searchableProperties: string[];
  createdAt: string;
  updatedAt: string;
  /** Ids of records merged away → the record they were merged into (reads by an old id get that record). */
  mergedInto?: Record<string, string>;
  /** Live records by lower-cased value of each unique property (contact email and hasUniqueValue ones). */
  unique: Map<string, Map<string, string>>;
}

/** An association type as the account stores it: between object type ids rather than names. */
export interface HsAssociationType extends Omit<AssociationTypeDef, 'from' | 'to'> {
  fromTypeId: string;
  toTypeId: string;
}

export interface HsList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: string;
  listVersion: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  /** recordId → ISO time it was added. */
  members: Map<string, string>;
}

/** A Property as HubSpot serves it, built from a standard or custom property spec. */
export function propertyFromSpec(spec: PropertySpec, displayOrder: number, hubspotDefined = true): HsProperty {
  const readOnly = spec.readOnly === true;
  return {
    name: spec.name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    groupName: spec.groupName,
    description: '',
    options: (spec.options ?? []).map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
    displayOrder,
    hasUniqueValue: false,
    hidden: spec.hidden ?? false,
    formField: !readOnly,
    calculated: false,
    externalOptions: spec.referencedObjectType !== undefined,
    hubspotDefined,
    modificationMetadata: { archivable: !hubspotDefined, readOnlyDefinition: hubspotDefined, readOnlyValue: readOnly },
    ...(spec.referencedObjectType ? { referencedObjectType: spec.referencedObjectType } : {}),
    archived: false,
  };
}

/** Unique properties whose values the store indexes. */
export function isUnique(type: HsObjectType, property: HsProperty): boolean {
  return property.hasUniqueValue || (type.objectTypeId === '0-1' && property.name === 'email');
}
