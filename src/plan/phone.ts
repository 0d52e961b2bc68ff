/**
 * Phone numbers in E.164. Parsing (libphonenumber) is the costliest step of planning, and a no-op
 * run canonicalises every number of both apps again, so most values never reach the parser:
 *  - values already in E.164 pass straight through;
 *  - international numbers written as digit groups ("+47 22 12 34 56") are E.164 once the spaces
 *    go, unless the group after the country code starts with a trunk prefix 0 ("+44 020 …"), which
 *    the parser drops, so those are parsed;
 *  - the rest are parsed once and remembered in a bounded cache that drops its least recently used
 *    entries when full (clearing it all would make every later number a miss on large runs).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const E164 = /^\+[1-9]\d{6,14}$/;
/** "+CC group group …": a 1–3 digit country code, then digit groups split by single spaces, no trunk 0. */
const SPACED = /^\+[1-9]\d{0,2}(?: [1-9]\d*)(?: \d+)*$/;

/** A normaliser with its own cache of `cacheMax` parsed values; `parses` counts parser calls. */
export function phoneNormaliser(cacheMax: number): { (value: string): string; parses: number } {
  const cache = new Map<string, string>();
  const normalise = (value: string): string => {
    if (E164.test(value)) return value;
    if (SPACED.test(value)) {
      const compact = value.replaceAll(' ', '');
      if (E164.test(compact)) return compact;
    }
    let out = cache.get(value);
    if (out !== undefined) {
      // Most recently used last: a Map keeps insertion order, so its first key is the least recent.
      cache.delete(value);
      cache.set(value, out);
      return out;
    }
    normalise.parses++;
    const parsed = parsePhoneNumberFromString(value);
    out = parsed?.isValid() ? parsed.number : value.trim();
    if (cache.size >= cacheMax) cache.delete(cache.keys().next().value!);
    cache.set(value, out);
    return out;
  };
  normalise.parses = 0;
  return normalise;
}

/** The process-wide normaliser used by canonical values. */
export const phone = phoneNormaliser(200_000);
