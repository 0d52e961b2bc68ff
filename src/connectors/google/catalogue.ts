/**
 * The flat fields the engine sees for a Google contact. Google has no field-metadata API, so the
 * catalogue is static: the People API's Person, flattened the way R17 describes (first phone
 * number → phone; further numbers only when labelled mobile or fax), plus the parts of a contact
 * that exist but can never be synced (R17: custom fields, labels, owner).
 */
import type { Catalogue, FieldDef } from '../types.js';

/** Google Contacts syncs contacts only (R6). */
export const GOOGLE_OBJECTS = ['contacts'] as const;

const FIELDS: FieldDef[] = [
  { name: 'firstName', label: 'First name', type: 'string' },
  { name: 'lastName', label: 'Last name', type: 'string' },
  { name: 'email', label: 'Email (first address)', type: 'email' },
  // A list of strings: the only list-valued FieldType is multi-enum; no options means any value.
  { name: 'secondaryEmails', label: 'Further email addresses', type: 'multi-enum' },
  { name: 'phone', label: 'Phone (first number, R17)', type: 'phone' },
  { name: 'mobile', label: 'Mobile phone (a further number labelled mobile, R17)', type: 'phone' },
  { name: 'fax', label: 'Fax (a further number labelled fax, R17)', type: 'phone' },
  { name: 'company', label: 'Company', type: 'string' },
  // The first organization's domain: a contact's company domain, a further match key (R25).
  { name: 'companyDomain', label: 'Company domain', type: 'string' },
  { name: 'jobTitle', label: 'Job title', type: 'string' },
  { name: 'street', label: 'Street address', type: 'string' },
  { name: 'city', label: 'City', type: 'string' },
  { name: 'region', label: 'State/Region', type: 'string' },
  { name: 'postalCode', label: 'Postal code', type: 'string' },
  { name: 'country', label: 'Country', type: 'string' },
  { name: 'notes', label: 'Notes', type: 'text' },
  // ISO date; `--MM-DD` when Google holds a birthday without a year.
  { name: 'birthday', label: 'Birthday', type: 'date' },
  {
    name: 'customFields',
    label: 'Custom fields',
    type: 'text',
    custom: true,
    unsyncable: 'Google custom text fields (userDefined) cannot be synced (R17).',
  },
  {
    name: 'labels',
    label: 'Labels',
    type: 'multi-enum',
    unsyncable: 'Google contact labels (contact-group memberships) cannot be synced (R17); use the starred filter (R20) to narrow the sync instead.',
  },
  {
    name: 'owner',
    label: 'Owner',
    type: 'string',
    unsyncable: 'The owner property cannot be synced with Google Contacts (R17).',
  },
];

/** Names of the fields that are read and written (everything not unsyncable or read-only). */
export const SYNCED_FIELDS: readonly string[] = FIELDS.filter((f) => !f.unsyncable && !f.readOnly).map((f) => f.name);

/** The static catalogue of `object`, or undefined when Google has no such object. */
export function googleStaticCatalogue(object: string): Catalogue | undefined {
  if (!(GOOGLE_OBJECTS as readonly string[]).includes(object)) return undefined;
  return { object, fields: FIELDS.map((f) => ({ ...f })) };
}
