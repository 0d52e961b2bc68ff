/**
 * A recursive-descent parser for the SOQL subset of apis.md §2.8. Like the app, it refuses AND and
 * OR mixed at one level without parentheses.
 */
import { SoqlError, type CompareOp, type Condition, type Literal, type OrderItem, type SelectItem, type SoqlQuery } from './ast.js';
import { tokenize, type Token } from './lexer.js';

const DAY = 86_400_000;
const COMPARE_OPS: Record<string, CompareOp> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Date constants as day ranges [from, to) relative to today (UTC). */
function dateConstant(name: string, n: number | undefined, now: number): Literal | undefined {
  const today = Math.floor(now / DAY) * DAY;
  const range = (from: number, to: number): Literal => ({ kind: 'range', name, fromMs: from, toMs: to });
  switch (name) {
    case 'TODAY':
      return range(today, today + DAY);
    case 'YESTERDAY':
      return range(today - DAY, today);
    case 'TOMORROW':
      return range(today + DAY, today + 2 * DAY);
    case 'LAST_N_DAYS':
      return n === undefined ? undefined : range(today - n * DAY, today + DAY);
    case 'NEXT_N_DAYS':
      return n === undefined ? undefined : range(today, today + (n + 1) * DAY);
    default:
      return undefined;
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly now: number,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    return this.tokens[this.i++] ?? this.tokens[this.tokens.length - 1]!;
  }
  private fail(token: Token = this.peek()): never {
    const text = token.kind === 'eof' ? '<EOF>' : token.kind === 'word' || token.kind === 'punct' ? token.text : 'literal';
    throw new SoqlError('MALFORMED_QUERY', `line 1:${token.pos} unexpected token: '${text}'`);
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }
  private word(word: string): void {
    if (!this.isWord(word)) this.fail();
    this.i++;
  }
  private punct(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.i++;
  }
  private ident(): string {
    const t = this.next();
    if (t.kind !== 'word') this.fail(t);
    return t.text;
  }
  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !Number.isInteger(t.value) || t.value < 0) this.fail(t);
    return t.value;
  }

  query(): SoqlQuery {
    this.word('SELECT');
    const select = this.selectList();
    this.word('FROM');
    const from = this.ident();
    const query: SoqlQuery = { select, from, orderBy: [] };
    if (this.isWord('WHERE')) {
      this.i++;
      query.where = this.condition();
    }
    if (this.isWord('ORDER')) {
      this.i++;
      this.word('BY');
      query.orderBy = this.orderList();
    }
    if (this.isWord('LIMIT')) {
      this.i++;
      query.limit = this.integer();
    }
    if (this.isWord('OFFSET')) {
      this.i++;
      query.offset = this.integer();
    }
    if (this.peek().kind !== 'eof') this.fail();
    return query;
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (this.isPunct('(')) throw new SoqlError('MALFORMED_QUERY', 'relationship subqueries are not supported by this emulator');
      if (this.isWord('COUNT') && this.peek(1).kind === 'punct' && (this.peek(1) as { text: string }).text === '(') {
        this.i += 2;
        const field = this.isPunct(')') ? undefined : this.ident();
        this.punct(')');
        const alias = this.peek().kind === 'word' && !this.isWord('FROM') ? this.ident() : undefined;
        items.push({ kind: 'count', field, alias });
      } else {
        items.push({ kind: 'field', field: this.ident() });
      }
    } while (this.isPunct(',') && this.next());
    if (items.some((x) => x.kind === 'count' && !x.field) && items.length > 1) this.fail();
    return items;
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const item: OrderItem = { field: this.ident(), descending: false };
      if (this.isWord('ASC')) this.i++;
      else if (this.isWord('DESC')) {
        this.i++;
        item.descending = true;
      }
      if (this.isWord('NULLS')) {
        this.i++;
        if (this.isWord('FIRST')) item.nulls = 'first';
        else if (this.isWord('LAST')) item.nulls = 'last';
        else this.fail();
        this.i++;
      }
      items.push(item);
    } while (this.isPunct(',') && this.next());
    return items;
  }

  private condition(): Condition {
    const first = this.unary();
    const joiner = this.isWord('AND') ? 'AND' : this.isWord('OR') ? 'OR' : undefined;
    if (!joiner) return first;
    const items = [first];
    while (this.isWord(joiner)) {
      this.i++;
      items.push(this.unary());
    }
    // `a AND b OR c` is ambiguous, and the app refuses it.
    if (this.isWord(joiner === 'AND' ? 'OR' : 'AND')) this.fail();
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  private unary(): Condition {
    if (this.isWord('NOT')) {
      this.i++;
      return { kind: 'not', item: this.unary() };
    }
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    return this.atom();
  }

  private atom(): Condition {
    const field = this.ident();
    const t = this.peek();
    if (t.kind === 'punct' && t.text in COMPARE_OPS) {
      this.i++;
      return { kind: 'compare', field, op: COMPARE_OPS[t.text]!, value: this.literal() };
    }
    if (this.isWord('LIKE')) {
      this.i++;
      const pattern = this.literal();
      if (pattern.kind !== 'string') this.fail();
      return { kind: 'like', field, pattern };
    }
    const negate = this.isWord('NOT');
    if (negate) this.i++;
    if (this.isWord('IN')) {
      this.i++;
      return { kind: 'in', field, negate, values: this.literalList() };
    }
    if (!negate && (this.isWord('INCLUDES') || this.isWord('EXCLUDES'))) {
      const excludes = this.isWord('EXCLUDES');
      this.i++;
      return { kind: 'includes', field, negate: excludes, values: this.literalList() };
    }
    return this.fail();
  }

  private literalList(): Literal[] {
    this.punct('(');
    if (this.isWord('SELECT')) throw new SoqlError('MALFORMED_QUERY', 'semi-join subqueries are not supported by this emulator');
    const values = [this.literal()];
    while (this.isPunct(',')) {
      this.i++;
      values.push(this.literal());
    }
    this.punct(')');
    return values;
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, raw: t.raw };
      case 'number':
        return { kind: 'number', value: t.value };
      case 'date':
        return { kind: 'date', value: t.value };
      case 'datetime':
        return { kind: 'datetime', ms: t.ms };
      case 'word': {
        const upper = t.text.toUpperCase();
        if (upper === 'NULL') return { kind: 'null' };
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
        let n: number | undefined;
        if (this.isPunct(':')) {
          this.i++;
          n = this.integer();
        }
        const constant = dateConstant(upper, n, this.now);
        if (constant) return constant;
        return this.fail(t);
      }
      default:
        return this.fail(t);
    }
  }
}

/** Parses one SOQL statement; throws SoqlError (MALFORMED_QUERY) when it is not in the subset. */
export function parseSoql(soql: string, now = Date.now()): SoqlQuery {
  return new Parser(tokenize(soql), now).query();
}
