/**
 * R17's phone rules, both ways. Google keeps an ordered list of numbers, each with a label; the
 * engine sees three fields. The first number is `phone` whatever its label; a further number
 * syncs only when it is labelled mobile (→ `mobile`) or fax (→ `fax`); other numbers are kept
 * untouched on writes.
 */
import type { people_v1 } from '@googleapis/people';

type PhoneNumber = people_v1.Schema$PhoneNumber;
export type PhoneRole = 'mobile' | 'fax';
export interface PhoneFields {
  phone: string | null;
  mobile: string | null;
  fax: string | null;
}

// Labels are free strings besides the documented enum (apis.md §3.3), so compare loosely.
const ROLE_BY_TYPE: Record<string, PhoneRole> = {
  mobile: 'mobile',
  workmobile: 'mobile',
  fax: 'fax',
  homefax: 'fax',
  workfax: 'fax',
  otherfax: 'fax',
};

/** The label new numbers get, per role; the first number, when created, is a work number. */
const NEW_TYPE: Record<PhoneRole | 'phone', string> = { phone: 'work', mobile: 'mobile', fax: 'workFax' };

export function phoneRole(type: string | null | undefined): PhoneRole | undefined {
  return type ? ROLE_BY_TYPE[type.replace(/[\s_-]/g, '').toLowerCase()] : undefined;
}

const value = (n: PhoneNumber | undefined) => (n?.value ? n.value : null);

/** Reads the three engine fields from Google's list (R17). */
export function readPhones(numbers: PhoneNumber[] | null | undefined): PhoneFields {
  const list = numbers ?? [];
  const further = (role: PhoneRole) => value(list.slice(1).find((n) => phoneRole(n.type) === role));
  return { phone: value(list[0]), mobile: further('mobile'), fax: further('fax') };
}

/**
 * Applies changed engine fields onto Google's list and returns the new list. A key absent from
 * `changes` leaves its number alone; null clears it. Numbers the engine cannot see stay as they are.
 */
export function writePhones(numbers: PhoneNumber[] | null | undefined, changes: Partial<PhoneFields>): PhoneNumber[] {
  const list = (numbers ?? []).map(({ value: v, type }) => ({ value: v, ...(type ? { type } : {}) }));
  if ('phone' in changes) {
    const next = changes.phone;
    if (!next) list.splice(0, list.length ? 1 : 0);
    else if (list.length) list[0] = { ...list[0], value: next };
    else list.push({ value: next, type: NEW_TYPE.phone });
  }
  for (const role of ['mobile', 'fax'] as const) {
    if (!(role in changes)) continue;
    const next = changes[role];
    // Index 0 is always `phone`, so a mobile or fax number is looked for from index 1 on.
    const at = list.findIndex((n, i) => i > 0 && phoneRole(n.type) === role);
    if (!next) {
      if (at > 0) list.splice(at, 1);
    } else if (at > 0) list[at] = { ...list[at], value: next };
    else list.push({ value: next, type: NEW_TYPE[role] });
  }
  return list;
}
