/**
 * How a record is named in exports, from the base values the state keeps for it: its match key
 * (R25, R26) and a display name (first and last name, or a name or subject field).
 */
import type { CompiledSync } from '../config/model.js';
import type { Canon } from '../plan/values.js';

type Values = Record<string, Canon>;

const text = (v: Canon | undefined) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v));

/** The first match key whose fields all have a value, as `field=value` joined by spaces. */
export function matchKeyOf(sync: CompiledSync, values: Values, side: 'left' | 'right'): string {
  for (const spec of sync.matchKeys) {
    const parts = spec[side].map((f) => [f, text(values[f])] as const);
    if (parts.length && parts.every(([, v]) => v)) return parts.map(([f, v]) => `${f}=${v}`).join(' ');
  }
  return '';
}

const FIRST = /^(first_?name|given_?name)$/i;
const LAST = /^(last_?name|family_?name)$/i;
const WHOLE = /^(name|full_?name|display_?name|subject|title|hs_task_subject|hs_call_title|invoice_number)$/i;

/** A name for people to recognise the record by; blank when the values hold none. */
export function displayNameOf(values: Values): string {
  const keys = Object.keys(values);
  const first = keys.find((k) => FIRST.test(k));
  const last = keys.find((k) => LAST.test(k));
  const person = [first && text(values[first]), last && text(values[last])].filter(Boolean).join(' ');
  if (person) return person;
  const whole = keys.find((k) => WHOLE.test(k) && text(values[k]));
  return whole ? text(values[whole]) : '';
}
