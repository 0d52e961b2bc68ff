/**
 * Salesforce record ids: 15 case-sensitive characters, or 18 case-insensitive ones whose last three
 * characters encode, per 5-character chunk, which letters are upper case (apis.md §2.7).
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_CHARS = /^[A-Za-z0-9]+$/;

/** The 3-character suffix that makes a 15-character id safe for case-insensitive systems. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The canonical 18-character form of a 15- or 18-character id, or null when `value` is not an id.
 * An 18-character id may arrive with its case lost (a spreadsheet upper-cased it); the suffix
 * restores it.
 */
export function toId18(value: string): string | null {
  if (!ID_CHARS.test(value)) return null;
  if (value.length === 15) return value + idSuffix(value);
  if (value.length !== 18) return null;
  const suffix = value.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk]!);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const c = value[chunk * 5 + i]!;
      id15 += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A letter the suffix calls lower case but that was given as a digit is fine; a suffix that
  // disagrees with the characters (bit set on a digit) means a corrupted id.
  return idSuffix(id15) === suffix ? id15 + suffix : null;
}

/** Two ids name the same record (15/18 characters, any case for 18). */
export function sameId(a: string, b: string): boolean {
  const x = toId18(a);
  return x !== null && x === toId18(b);
}
