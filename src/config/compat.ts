/**
 * Which field types can feed which (R15 and HubSpot's data-sync type rules): like to like, date ↔
 * datetime, enum ↔ text; numbers, dates, booleans and lists only into text, never the reverse.
 */
import type { FieldType } from '../connectors/types.js';

const TEXT: FieldType[] = ['string', 'text', 'email', 'phone', 'url', 'enum'];
const DATES: FieldType[] = ['date', 'datetime'];

export function canFlow(from: FieldType, to: FieldType): boolean {
  if (from === to) return true;
  if (TEXT.includes(to)) return true; // anything reads as text
  if (DATES.includes(from) && DATES.includes(to)) return true;
  if (to === 'reference' || to === 'id') return TEXT.includes(from) || from === 'reference' || from === 'id';
  return false;
}

/** What the engine compares values as, for a pair of field types. */
export type Comparison = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'list';

export function comparisonFor(a: FieldType, b: FieldType): Comparison {
  if (a === 'multi-enum' && b === 'multi-enum') return 'list';
  if (a === 'number' && b === 'number') return 'number';
  if (a === 'boolean' && b === 'boolean') return 'boolean';
  if (DATES.includes(a) && DATES.includes(b)) return a === 'date' || b === 'date' ? 'date' : 'datetime';
  return 'text';
}
