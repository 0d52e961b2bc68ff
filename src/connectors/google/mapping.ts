/**
 * Person ⇄ flat fields, both ways, pure. Reading flattens the first entry of each Google list
 * (first email, first organization, first address) and applies R17's phone rules; writing applies
 * changed flat fields onto the person as Google last returned it, so entries the engine cannot see
 * (a second address, a pager number, the labels) survive, and reports which person fields changed
 * (the updateMask, since Google replaces each listed field wholesale).
 */
import type { people_v1 } from '@googleapis/people';
import type { FieldValue, Fields, RecordMeta, RemoteRecord } from '../types.js';
import { MARKER_KEY, MY_CONTACTS } from './limits.js';
import { readPhones, writePhones, type PhoneFields } from './phones.js';

export type Person = people_v1.Schema$Person;

/** The person field that holds each flat field: the unit Google replaces on update. */
export const PERSON_FIELD_OF: Record<string, string> = {
  firstName: 'names',
  lastName: 'names',
  email: 'emailAddresses',
  secondaryEmails: 'emailAddresses',
  phone: 'phoneNumbers',
  mobile: 'phoneNumbers',
  fax: 'phoneNumbers',
  company: 'organizations',
  companyDomain: 'organizations',
  jobTitle: 'organizations',
  street: 'addresses',
  city: 'addresses',
  region: 'addresses',
  postalCode: 'addresses',
  country: 'addresses',
  notes: 'biographies',
  birthday: 'birthdays',
};

/** Every person field a read asks for: the mapped ones, plus what meta needs. */
export const READ_PERSON_FIELDS = [...new Set(Object.values(PERSON_FIELD_OF)), 'memberships', 'metadata', 'clientData'];

const text = (v: string | null | undefined): string | null => (v ? v : null);
const pad = (n: number) => String(n).padStart(2, '0');

function readBirthday(person: Person): string | null {
  const d = person.birthdays?.find((b) => b.date)?.date;
  if (!d?.month || !d.day) return null;
  return d.year ? `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}` : `--${pad(d.month)}-${pad(d.day)}`;
}

/** The engine's flat fields of a person; every synced field is present, empty → null. */
export function personToFields(person: Person): Fields {
  const name = person.names?.[0];
  const emails = (person.emailAddresses ?? []).map((e) => e.value).filter((v): v is string => !!v);
  const org = person.organizations?.[0];
  const address = person.addresses?.[0];
  const fields: Fields = {
    firstName: text(name?.givenName),
    lastName: text(name?.familyName),
    email: emails[0] ?? null,
    secondaryEmails: emails.length > 1 ? emails.slice(1) : null,
    ...readPhones(person.phoneNumbers),
    company: text(org?.name),
    companyDomain: text(org?.domain),
    jobTitle: text(org?.title),
    street: text(address?.streetAddress),
    city: text(address?.city),
    region: text(address?.region),
    postalCode: text(address?.postalCode),
    country: text(address?.country),
    notes: text(person.biographies?.[0]?.value),
    birthday: readBirthday(person),
  };
  return fields;
}

/** The groups, etag, folder (R20) and crash-recovery marker of a person. */
export function personMeta(person: Person, source: 'contact' | 'other'): RecordMeta {
  const groups = (person.memberships ?? []).map((m) => m.contactGroupMembership?.contactGroupResourceName).filter((g): g is string => !!g);
  const meta: RecordMeta = { groups };
  if (person.etag) meta.etag = person.etag;
  // The Contacts folder is the myContacts group; a contact only in a user label is in neither folder.
  if (source === 'other') meta.folder = 'other';
  else if (groups.includes(MY_CONTACTS)) meta.folder = 'contacts';
  const marker = person.clientData?.find((c) => c.key === MARKER_KEY)?.value;
  if (marker) meta.marker = marker;
  return meta;
}

/** When Google last changed the contact: the CONTACT source's updateTime, in ISO UTC. */
export function personModifiedAt(person: Person): string | undefined {
  const sources = person.metadata?.sources ?? [];
  const time = (sources.find((s) => s.type === 'CONTACT' || s.type === 'OTHER_CONTACT') ?? sources[0])?.updateTime;
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A person as the engine's record; a deleted person (sync reads) becomes a deletion marker. */
export function personToRecord(person: Person, source: 'contact' | 'other'): RemoteRecord {
  const id = person.resourceName ?? '';
  if (person.metadata?.deleted) return { id, fields: {}, deleted: true, ...(person.etag ? { meta: { etag: person.etag } } : {}) };
  const modifiedAt = personModifiedAt(person);
  const meta = personMeta(person, source);
  // A contact Google gave a new resource name (previousResourceNames, sync reads only): the link follows it (R24).
  const former = (person.metadata?.previousResourceNames ?? []).filter((n) => n && n !== id);
  if (former.length) meta.formerIds = former;
  return { id, fields: personToFields(person), ...(modifiedAt ? { modifiedAt } : {}), meta };
}

// ---- writing -------------------------------------------------------------------------------

export interface ApplyResult {
  /** Only the person fields that change, ready for updateContact / batch*Contacts. */
  person: Person;
  /** The updateMask: the person fields to replace. */
  mask: string[];
  /** Values the person cannot take, by flat field (unknown field, not a date, a list for a scalar). */
  problems: { field: string; message: string }[];
}

type Problems = ApplyResult['problems'];

// Output-only parts of entries (apis.md §3.3); sending them back is pointless or conflicts.
const OUTPUT_ONLY = ['metadata', 'formattedType', 'canonicalForm', 'displayName', 'displayNameLastFirst', 'contactGroupId'];

function clean<T extends object>(entry: T | undefined, extra: string[] = []): T {
  const out: Record<string, unknown> = { ...(entry ?? {}) };
  for (const key of [...OUTPUT_ONLY, ...extra]) delete out[key];
  return out as T;
}

const hasContent = (entry: object) => Object.values(entry).some((v) => v !== undefined && v !== null && v !== '');

function scalar(field: string, value: FieldValue | undefined, problems: Problems): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) {
    problems.push({ field, message: `${field} takes one value, not a list` });
    return null;
  }
  return String(value);
}

function stringList(value: FieldValue | undefined): string[] {
  if (Array.isArray(value)) return value.filter((v) => v !== '');
  if (value === null || value === undefined || value === '') return [];
  return String(value)
    .split(/[;,]\s*/)
    .filter(Boolean);
}

/** Sets or deletes `key` on `target` when the flat field is part of the change. */
function assign(target: Record<string, unknown>, key: string, fields: Fields, field: string, problems: Problems): void {
  if (!(field in fields)) return;
  const v = scalar(field, fields[field], problems);
  if (v === null) delete target[key];
  else target[key] = v;
}

function parseBirthday(value: string): people_v1.Schema$Date | undefined {
  const m = /^(?:(\d{4})|-)-(\d{2})-(\d{2})/.exec(value);
  if (!m) return undefined;
  const date: people_v1.Schema$Date = { month: Number(m[2]), day: Number(m[3]) };
  if (m[1]) date.year = Number(m[1]);
  return date.month! >= 1 && date.month! <= 12 && date.day! >= 1 && date.day! <= 31 ? date : undefined;
}

function writeEmails(base: Person, fields: Fields, problems: Problems): people_v1.Schema$EmailAddress[] {
  const current = (base.emailAddresses ?? []).map((e) => clean(e));
  let first: people_v1.Schema$EmailAddress | undefined = current[0];
  let rest = current.slice(1);
  if ('email' in fields) {
    const v = scalar('email', fields.email, problems);
    // A further address that becomes the first (a pair matched by it, R25) swaps places with the
    // old first address: each address is kept, and kept once.
    const at = v ? rest.findIndex((e) => e.value?.normalize('NFC').toLowerCase() === v.normalize('NFC').toLowerCase()) : -1;
    if (at >= 0) rest = first?.value ? rest.map((e, i) => (i === at ? first! : e)) : rest.filter((_, i) => i !== at);
    first = v ? { ...(at >= 0 ? current[at + 1] : first), value: v } : undefined;
  }
  if ('secondaryEmails' in fields) {
    rest = stringList(fields.secondaryEmails).map((v) => rest.find((e) => e.value === v) ?? { value: v });
  }
  return first ? [first, ...rest] : rest;
}

function writeFirst<T extends object>(list: T[] | null | undefined, drop: string[], set: (entry: Record<string, unknown>) => void): T[] {
  const entries = (list ?? []).map((e) => clean(e, drop));
  const first = (entries[0] ?? {}) as Record<string, unknown>;
  set(first);
  const rest = entries.slice(1);
  return hasContent(first) ? [first as T, ...rest] : rest;
}

/**
 * Copies of `base`'s person fields, output-only parts removed. batchUpdateContacts takes one
 * updateMask for the whole batch, so each contact must carry every masked field, changed or not.
 */
export function carryPersonFields(base: Person, personFields: string[]): Person {
  const out: Record<string, unknown> = {};
  const source = base as Record<string, unknown>;
  for (const field of personFields) {
    const entries = source[field];
    out[field] = Array.isArray(entries) ? entries.map((e: object) => clean(e)) : [];
  }
  return out as Person;
}

/**
 * Applies changed flat fields onto `base` (the person as Google last returned it; `{}` for a
 * create). Keys absent from `fields` are left alone; null clears.
 */
export function applyFields(base: Person, fields: Fields): ApplyResult {
  const problems: Problems = [];
  const mask = new Set<string>();
  for (const field of Object.keys(fields)) {
    const target = PERSON_FIELD_OF[field];
    if (target) mask.add(target);
    else problems.push({ field, message: `Google Contacts has no writable field ${field}` });
  }
  const person: Person = {};
  if (mask.has('names')) {
    // unstructuredName would contradict the new given/family name, so Google recomputes it.
    person.names = writeFirst(base.names, ['unstructuredName'], (n) => {
      assign(n, 'givenName', fields, 'firstName', problems);
      assign(n, 'familyName', fields, 'lastName', problems);
    });
  }
  if (mask.has('emailAddresses')) person.emailAddresses = writeEmails(base, fields, problems);
  if (mask.has('phoneNumbers')) {
    const changes: Partial<PhoneFields> = {};
    for (const key of ['phone', 'mobile', 'fax'] as const) if (key in fields) changes[key] = scalar(key, fields[key], problems);
    person.phoneNumbers = writePhones(base.phoneNumbers, changes);
  }
  if (mask.has('organizations')) {
    person.organizations = writeFirst(base.organizations, [], (o) => {
      assign(o, 'name', fields, 'company', problems);
      assign(o, 'title', fields, 'jobTitle', problems);
      assign(o, 'domain', fields, 'companyDomain', problems);
    });
  }
  if (mask.has('addresses')) {
    // formattedValue and countryCode are derived from the parts; stale copies would win over them.
    person.addresses = writeFirst(base.addresses, ['formattedValue', ...('country' in fields ? ['countryCode'] : [])], (a) => {
      for (const [field, key] of [
        ['street', 'streetAddress'],
        ['city', 'city'],
        ['region', 'region'],
        ['postalCode', 'postalCode'],
        ['country', 'country'],
      ] as const) {
        assign(a, key, fields, field, problems);
      }
    });
  }
  if (mask.has('biographies')) {
    const v = scalar('notes', fields.notes, problems);
    person.biographies = v ? [{ value: v, contentType: 'TEXT_PLAIN' }] : [];
  }
  if (mask.has('birthdays')) {
    const v = scalar('birthday', fields.birthday, problems);
    const date = v ? parseBirthday(v) : undefined;
    if (v && !date) problems.push({ field: 'birthday', message: `birthday must be YYYY-MM-DD or --MM-DD, got ${v}` });
    person.birthdays = date ? [{ date }] : [];
  }
  return { person, mask: [...mask], problems };
}
