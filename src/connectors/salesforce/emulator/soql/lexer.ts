/**
 * Splits SOQL into tokens. String literals are the security boundary: a value quoted with
 * backslash escapes (\' \\ \n …) must never end its literal early, so the rules here are strict and
 * anything unknown is MALFORMED_QUERY rather than guessed at.
 */
import { SoqlError } from './ast.js';

export type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'string'; value: string; raw: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'datetime'; ms: number; pos: number }
  | { kind: 'punct'; text: string; pos: number }
  | { kind: 'eof'; pos: number };

const ESCAPES: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  _: '_',
  '%': '%',
};
const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const DATE = /(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?)?(?![\d.:])/y;
const PUNCT = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', ':'];

function readString(soql: string, start: number): { token: Token; end: number } {
  let value = '';
  for (let i = start + 1; i < soql.length; i++) {
    const c = soql[i]!;
    if (c === "'") return { token: { kind: 'string', value, raw: soql.slice(start + 1, i), pos: start }, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = soql[++i];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(soql.slice(i + 1, i + 5))) {
      value += String.fromCharCode(parseInt(soql.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (next !== undefined && next in ESCAPES) {
      value += ESCAPES[next];
    } else {
      throw new SoqlError(
        'MALFORMED_QUERY',
        `Invalid string literal '${soql.slice(start, i + 1)}'. Illegal character sequence '\\${next ?? ''}' in string literal.`,
      );
    }
  }
  throw new SoqlError('MALFORMED_QUERY', `line 1:${start} mismatched character '<EOF>' expecting '''`);
}

function readDate(m: RegExpExecArray, pos: number): Token {
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) {
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new SoqlError('MALFORMED_QUERY', `invalid date: ${m[0]}`);
    return { kind: 'date', value: date, pos };
  }
  // SOQL datetimes need a zone; without one the app answers MALFORMED_QUERY.
  if (!zone) throw new SoqlError('MALFORMED_QUERY', `line 1:${pos} no viable alternative at character '${m[0]}'`);
  const ms = Date.parse(`${date}T${h}:${mi}:${sec}${frac ?? ''}${zone}`);
  if (Number.isNaN(ms)) throw new SoqlError('MALFORMED_QUERY', `invalid datetime: ${m[0]}`);
  return { kind: 'datetime', ms, pos };
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const { token, end } = readString(soql, i);
      tokens.push(token);
      i = end;
      continue;
    }
    DATE.lastIndex = i;
    const date = DATE.exec(soql);
    if (date) {
      tokens.push(readDate(date, i));
      i = DATE.lastIndex;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(soql);
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]), pos: i });
      i = NUMBER.lastIndex;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(soql);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], pos: i });
      i = WORD.lastIndex;
      continue;
    }
    const punct = PUNCT.find((p) => soql.startsWith(p, i));
    if (!punct) throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${c}'`);
    tokens.push({ kind: 'punct', text: punct, pos: i });
    i += punct.length;
  }
  tokens.push({ kind: 'eof', pos: soql.length });
  return tokens;
}
