/**
 * Where a broken YAML construct starts. The yaml library reports an unclosed `[`, `{` or quote at
 * the point it gave up, often the next key or the end of the file; the user needs the opening
 * character instead. The concrete syntax tree keeps every token with its offset, so the opener is
 * the last unclosed flow collection or quoted scalar that starts before the error.
 */
import { Parser } from 'yaml';

interface Token {
  type?: string;
  offset?: number;
  source?: string;
  start?: unknown;
  end?: unknown;
}

const CLOSERS: Record<string, string> = { 'flow-map-start': 'flow-map-end', 'flow-seq-start': 'flow-seq-end' };

function isUnclosed(token: Token): boolean {
  if (token.type === 'flow-collection') {
    const opener = (token.start as Token | undefined)?.type ?? '';
    const end = Array.isArray(token.end) ? (token.end as Token[]) : [];
    return !end.some((t) => t.type === CLOSERS[opener]);
  }
  if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
    const quote = token.type === 'double-quoted-scalar' ? '"' : "'";
    const s = token.source ?? '';
    return s.length < 2 || !s.endsWith(quote) || (quote === '"' && /(^|[^\\])(\\\\)*\\"$/.test(s));
  }
  return false;
}

/** The offset of the innermost unclosed construct that starts before `pos`, if there is one. */
export function unclosedStart(text: string, pos: number): number | undefined {
  let found: number | undefined;
  // Iterative walk: the tree of a hostile file may be deeper than the call stack.
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const token = node as Token;
    if (typeof token.offset === 'number' && token.offset < pos && isUnclosed(token) && (found === undefined || token.offset > found)) found = token.offset;
    for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value);
  }
  return found;
}
