/**
 * Links read from a links document whose base values stay undecoded until something reads them.
 * An incremental run reads a few records of a large sync: decoding every link's bases into objects
 * (two per link, a dozen values each) was most of a no-op run's CPU and memory, for bases nothing
 * looked at. A lazy link is a plain object (`l`, `r`, `at`, and `base` as an accessor): its bases
 * are decoded from the rest of its line the first time `base` is read, and a link whose bases were
 * never read is written back as the same text (encode.ts), so neither a read nor a save of an
 * untouched link builds its bases.
 *
 * A lazy line's shape is checked when it is read (three strings, then one or two JSON values with
 * balanced brackets); its values are parsed when its bases are first read, and a line that is not
 * valid JSON after all is reported then, with its file and line number, before anything is written.
 */
import type { LinkState } from './types.js';

type Base = LinkState['base'];

/** One links document's field names, and how to decode a lazy line's bases. */
export interface LinksDictionary {
  names: { left: readonly string[]; right: readonly string[] };
  /** The bases of `rest` (the line after its third string), or a state-corrupt error naming `line`. */
  decode(rest: string, line: number): Base;
}

/**
 * Where a lazy link keeps its undecoded bases (then the decoded ones), its document's dictionary and
 * its line: symbols, so JSON, `for…in` and Object.keys never see them, and no extra object per link.
 */
const BASES = Symbol('bases');
const DICTIONARY = Symbol('dictionary');
const LINE = Symbol('line');
type Lazy = LinkState & { [BASES]: string | Base; [DICTIONARY]: LinksDictionary; [LINE]: number };

/** How many lazy links had their bases decoded in this process (for tests that count what a run decodes). */
export const decodeCounts = { bases: 0 };

/**
 * `base` as an accessor shared by every lazy link: one definition instead of a getter and a setter
 * made for each link (a closure per link cost as much as the decoding it saves, in memory and GC).
 * Enumerable, so the link reads, spreads and serialises like a plain one.
 */
const BASE: PropertyDescriptor & ThisType<Lazy> = {
  get(): Base {
    const bases = this[BASES];
    if (typeof bases !== 'string') return bases;
    const decoded = this[DICTIONARY].decode(bases, this[LINE]);
    this[BASES] = decoded;
    decodeCounts.bases++;
    return decoded;
  },
  set(value: Base) {
    this[BASES] = value;
  },
  enumerable: true,
  configurable: true,
};

/** A link whose bases are `rest` (`<left base>,<right base or null>`, from line `line`) until first read. */
export function lazyLink(l: string, r: string, at: string, rest: string, dictionary: LinksDictionary, line: number): LinkState {
  const link = { left: l, right: r, at } as Lazy;
  Object.defineProperty(link, 'base', BASE);
  link[BASES] = rest;
  link[DICTIONARY] = dictionary;
  link[LINE] = line;
  return link;
}

/** The undecoded text of a link's bases, while nothing has read them. */
export function unreadText(link: LinkState): string | undefined {
  const bases = (link as Partial<Lazy>)[BASES];
  return typeof bases === 'string' ? bases : undefined;
}

/** The dictionary of the links document a lazy link was read from. */
export function dictionaryOf(link: LinkState): LinksDictionary | undefined {
  return (link as Partial<Lazy>)[DICTIONARY];
}

/**
 * The field names of an undecoded link whose right base is "the same values as the left" (written
 * as `null`, the usual case after a sync): its two bases then hold the value at position i under
 * names.l[i] and names.r[i], which lets the diff tell without decoding that they agree (R12).
 */
export function mirroredNames(link: LinkState): LinksDictionary['names'] | undefined {
  return unreadText(link)?.endsWith(',null') ? dictionaryOf(link)!.names : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The end (exclusive) of the JSON array or object starting at `from`, by its brackets, skipping strings; -1 if unbalanced. */
function valueEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // To the closing quote: one not escaped by an odd run of backslashes.
      for (let j = text.indexOf('"', i + 1); ; j = text.indexOf('"', j + 1)) {
        if (j < 0) return -1;
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((j - k) % 2 === 1) {
          i = j;
          break;
        }
      }
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      if (--depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** The string at `from` (its opening quote) when it has no escapes, and where it ends; undefined otherwise. */
function plainString(text: string, from: number): [string, number] | undefined {
  if (text.charCodeAt(from) !== QUOTE) return undefined;
  const end = text.indexOf('"', from + 1);
  if (end < 0) return undefined;
  const value = text.slice(from + 1, end);
  return value.includes('\\') ? undefined : [value, end + 1];
}

/**
 * A link line of the usual shape, `["<l>","<r>","<at>",<array or object>,<null, array or object>]`
 * with no escapes in its three strings and no other link fields, split into those strings and the
 * rest; undefined for any other line, which is parsed whole.
 */
export function splitLinkLine(text: string): { left: string; right: string; at: string; rest: string } | undefined {
  if (text.charCodeAt(0) !== 0x5b || text.charCodeAt(text.length - 1) !== 0x5d) return undefined;
  const strings: string[] = [];
  let at = 1;
  for (let i = 0; i < 3; i++) {
    const s = plainString(text, at);
    if (!s || text.charCodeAt(s[1]) !== 0x2c) return undefined;
    strings.push(s[0]);
    at = s[1] + 1;
  }
  const first = text.charCodeAt(at);
  if (first !== 0x5b && first !== 0x7b) return undefined;
  const leftEnd = valueEnd(text, at);
  if (leftEnd < 0 || text.charCodeAt(leftEnd) !== 0x2c) return undefined;
  const last = text.length - 1;
  const right = leftEnd + 1;
  const second = text.charCodeAt(right);
  const rightOk = text.startsWith('null', right) ? right + 4 === last : (second === 0x5b || second === 0x7b) && valueEnd(text, right) === last;
  if (!rightOk) return undefined;
  return { left: strings[0]!, right: strings[1]!, at: strings[2]!, rest: text.slice(at, last) };
}
