/**
 * Checks and normalises property values on write, as HubSpot does: unknown or read-only properties,
 * numbers, booleans, dates (stored as YYYY-MM-DD), datetimes (stored as ISO with milliseconds),
 * enumeration options, and email addresses (stored lower-cased).
 */
import type { PropertyIssue } from './errors.js';
import type { HsObjectType, HsProperty } from './model.js';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DAY_MS = 86_400_000;

type Checked = { value: string } | { issue: Omit<PropertyIssue, 'isValid' | 'name'> };

/** Epoch milliseconds from a digits string or an ISO-8601 text; undefined when neither. */
export function parseTime(raw: string): number | undefined {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

function checkValue(property: HsProperty, raw: string): Checked {
  const { name, type, fieldType } = property;
  switch (type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { issue: { message: `${raw} was not a valid number.`, error: 'INVALID_FLOAT' } };
      // Assumption: HubSpot keeps a number property as the digits it was sent (values travel as
      // text); an integer beyond 2^53 is not rounded to the nearest double.
      return { value: /^-?\d+$/.test(raw.trim()) && !Number.isSafeInteger(n) ? BigInt(raw.trim()).toString() : String(n) };
    }
    case 'bool': {
      const v = raw.toLowerCase();
      return v === 'true' || v === 'false' ? { value: v } : { issue: { message: `${raw} was not a valid boolean (true or false).`, error: 'INVALID_BOOLEAN' } };
    }
    case 'date': {
      const ms = parseTime(raw);
      if (ms === undefined || ms % DAY_MS !== 0) return { issue: { message: `${raw} is not a valid date, it must be midnight UTC.`, error: 'INVALID_DATE' } };
      return { value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'datetime': {
      const ms = parseTime(raw);
      return ms === undefined ? { issue: { message: `${raw} is not a valid datetime.`, error: 'INVALID_DATE' } } : { value: new Date(ms).toISOString() };
    }
    case 'enumeration': {
      if (property.externalOptions || property.options.length === 0) return { value: raw };
      const allowed = new Set(property.options.map((o) => o.value));
      const parts = fieldType === 'checkbox' ? raw.split(';') : [raw];
      const bad = parts.find((p) => !allowed.has(p));
      if (bad === undefined) return { value: raw };
      return { issue: { message: `${bad} was not one of the allowed options: [${[...allowed].join(', ')}]`, error: 'INVALID_OPTION' } };
    }
  }
  if (name === 'email') {
    const email = raw.trim().toLowerCase();
    return EMAIL.test(email) ? { value: email } : { issue: { message: `Email address ${raw} is invalid`, error: 'INVALID_EMAIL' } };
  }
  return { value: raw };
}

/**
 * The stored form of a write's properties, or the issues that make HubSpot refuse it. '' (or null)
 * clears a value. `create` also checks a custom object's required properties.
 */
export function checkProperties(
  type: HsObjectType,
  input: unknown,
  mode: 'create' | 'update',
): { values: Record<string, string> } | { issues: PropertyIssue[] } {
  const issues: PropertyIssue[] = [];
  const values: Record<string, string> = {};
  const props = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  for (const [name, rawValue] of Object.entries(props)) {
    const property = type.properties.get(name);
    if (!property || property.archived) {
      issues.push({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name });
      continue;
    }
    if (property.modificationMetadata.readOnlyValue) {
      issues.push({ isValid: false, message: `"${name}" is a read only property; its value cannot be set.`, error: 'READ_ONLY_VALUE', name });
      continue;
    }
    const raw = rawValue === null || rawValue === undefined ? '' : String(rawValue);
    if (raw === '') {
      values[name] = '';
      continue;
    }
    const checked = checkValue(property, raw);
    if ('issue' in checked) issues.push({ isValid: false, name, ...checked.issue });
    else values[name] = checked.value;
  }
  // Standard objects' required properties get HubSpot's own answer instead (writes.ts missingRequired).
  if (mode === 'create' && type.custom) {
    for (const name of type.requiredProperties) {
      if (!values[name]) issues.push({ isValid: false, message: `Required property "${name}" is missing`, error: 'REQUIRED_PROPERTY', name });
    }
  }
  return issues.length ? { issues } : { values };
}
