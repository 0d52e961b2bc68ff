/**
 * Checks what clients send: field masks (personFields, updatePersonFields, readMask) and Person
 * bodies. A bad value is a 400 INVALID_ARGUMENT naming the field, as the live API answers.
 */
import { PERSON_FIELDS, SINGLETON_PERSON_FIELDS, UPDATABLE_PERSON_FIELDS, ADDABLE_SYSTEM_GROUPS } from '../limits.js';
import type { FieldViolation } from './errors.js';
import type { GoogleStore, PersonData } from './store.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; violations: FieldViolation[] };

const fail = (message: string, field: string): Checked<never> => ({ ok: false, message, violations: [{ field, description: message }] });

/** Parses a comma-separated field mask against the allowed paths; `person.` prefixes are accepted. */
export function parseMask(value: string | null | undefined, allowed: readonly string[], param: string): Checked<string[]> {
  if (!value) return fail(`${param} mask is required. Please specify one or more valid paths.`, param);
  const paths = value
    .split(',')
    .map((p) => p.trim().replace(/^person\./, ''))
    .filter(Boolean);
  if (!paths.length) return fail(`${param} mask is required. Please specify one or more valid paths.`, param);
  for (const path of paths) {
    if (!allowed.includes(path))
      return fail(`Invalid ${param} mask path: "${path}". Valid paths are documented at https://developers.google.com/people/api/rest/v1/people.`, param);
  }
  return { ok: true, value: [...new Set(paths)] };
}

export const parsePersonFields = (value: string | null | undefined, param = 'personFields') => parseMask(value, PERSON_FIELDS, param);
export const parseUpdateFields = (value: string | null | undefined, param = 'updatePersonFields') => parseMask(value, UPDATABLE_PERSON_FIELDS, param);

// Parts of entries the server computes; a client that echoes them back gets them ignored.
const OUTPUT_ONLY = ['metadata', 'formattedType', 'canonicalForm', 'displayName', 'displayNameLastFirst', 'formattedProtocol'];
// Person keys a body may carry besides person fields.
const ENVELOPE = ['resourceName', 'etag', 'metadata'];

export interface PersonInput {
  data: PersonData;
  /** Group ids from memberships, when the body had a memberships list. */
  groups?: string[];
  /** The etag the client sent: top-level, or the CONTACT source's (apis.md §3.5). */
  etag?: string;
}

function groupsOf(store: GoogleStore, entries: Record<string, unknown>[], at: string): Checked<string[]> {
  const groups: string[] = [];
  for (const [i, m] of entries.entries()) {
    const cgm = m.contactGroupMembership as { contactGroupResourceName?: string; contactGroupId?: string } | undefined;
    const id = cgm?.contactGroupResourceName?.replace(/^contactGroups\//, '') ?? cgm?.contactGroupId;
    const group = id ? store.groups.get(id) : undefined;
    if (!group) return fail(`Contact group not found: ${id ?? '(none)'}`, `${at}.memberships[${i}]`);
    if (group.type === 'SYSTEM_CONTACT_GROUP' && !(ADDABLE_SYSTEM_GROUPS as readonly string[]).includes(group.id)) {
      return fail(`Cannot add contacts to system contact group ${group.id}.`, `${at}.memberships[${i}]`);
    }
    groups.push(group.id);
  }
  return { ok: true, value: [...new Set(groups)] };
}

/** Validates a Person body; `at` is the field path used in violations (`person`, `contacts[3].contact_person`). */
export function readPersonBody(store: GoogleStore, body: unknown, at: string): Checked<PersonInput> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fail('Invalid JSON payload received. Expected an object.', at);
  const data: PersonData = {};
  let groups: string[] | undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (ENVELOPE.includes(key)) continue;
    if (!(PERSON_FIELDS as readonly string[]).includes(key)) {
      return fail(`Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`, `${at}.${key}`);
    }
    if (!Array.isArray(value) || value.some((e) => !e || typeof e !== 'object' || Array.isArray(e))) {
      return fail(`Invalid value at '${at}.${key}': expected a list of objects.`, `${at}.${key}`);
    }
    if ((SINGLETON_PERSON_FIELDS as readonly string[]).includes(key) && value.length > 1) {
      return fail(`Only one ${key} entry is allowed on a contact.`, `${at}.${key}`);
    }
    if (key === 'memberships') {
      const checked = groupsOf(store, value, at);
      if (!checked.ok) return checked;
      groups = checked.value;
      continue;
    }
    data[key] = value.map((entry: Record<string, unknown>) => {
      const copy = { ...entry };
      for (const k of OUTPUT_ONLY) delete copy[k];
      return copy;
    });
  }
  const b = body as { etag?: unknown; metadata?: { sources?: { type?: string; etag?: string }[] } };
  const etag = typeof b.etag === 'string' ? b.etag : b.metadata?.sources?.find((s) => s.type === 'CONTACT')?.etag;
  return { ok: true, value: { data, ...(groups ? { groups } : {}), ...(etag ? { etag } : {}) } };
}
