/**
 * Which HubSpot object type a configured name means. Standard objects keep their names (`contacts`,
 * `invoices`, `0-1`). A custom object is looked up in the account's schemas
 * (GET /crm-object-schemas/v3/schemas) and then addressed by its objectTypeId (`2-123`): HubSpot no
 * longer accepts a custom object's bare name in a path ("Breaking Change: Removed Support for
 * Referencing Custom Object Types by Base Name", developers.hubspot.com/changelog, 2025-06-24), and
 * the bare name of a custom object may well be a standard object's (`invoices`).
 */
import { OBJECT_TYPE_IDS } from './limits.js';

/** The parts of a schema (the SDK's ObjectSchema) the connector reads. */
export interface SchemaLike {
  objectTypeId: string;
  name: string;
  fullyQualifiedName: string;
  labels: { singular?: string; plural?: string };
  requiredProperties: string[];
  properties: Array<{ name: string } & Record<string, unknown>>;
}

/** A standard object, addressed as named without looking anything up. */
export function isStandardObject(object: string): boolean {
  return object in OBJECT_TYPE_IDS || /^0-\d+$/.test(object);
}

export type Resolution<S extends SchemaLike> = { schema: S } | { problem: 'missing' | 'ambiguous'; candidates: string[] };

/**
 * The schema `name` refers to: by objectTypeId, fully qualified name, `p_<name>` or internal name
 * (exactly, ignoring case); failing those, by label. Two label matches are ambiguous.
 */
export function resolveSchema<S extends SchemaLike>(name: string, schemas: S[]): Resolution<S> {
  const lower = name.toLowerCase();
  const exact = schemas.filter((s) => [s.objectTypeId, s.fullyQualifiedName, s.name, `p_${s.name}`].some((k) => k.toLowerCase() === lower));
  if (exact.length === 1) return { schema: exact[0]! };
  const labelled = exact.length ? exact : schemas.filter((s) => [s.labels.singular, s.labels.plural].some((l) => l?.toLowerCase() === lower));
  if (labelled.length === 1) return { schema: labelled[0]! };
  const candidates = (labelled.length ? labelled : schemas).map((s) => `${s.name} (${s.objectTypeId})`);
  return { problem: labelled.length ? 'ambiguous' : 'missing', candidates };
}
