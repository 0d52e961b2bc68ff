/** The SOQL subset the emulator understands (apis.md §2.8), as data. */

export type Literal =
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; ms: number }
  /** TODAY, YESTERDAY, LAST_N_DAYS:n …: a half-open range of days [fromMs, toMs). */
  | { kind: 'range'; name: string; fromMs: number; toMs: number };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: string; op: CompareOp; value: Literal }
  | { kind: 'in'; field: string; negate: boolean; values: Literal[] }
  | { kind: 'like'; field: string; pattern: Literal }
  | { kind: 'includes'; field: string; negate: boolean; values: Literal[] };

export type SelectItem = { kind: 'field'; field: string } | { kind: 'count'; field?: string; alias?: string };

export interface OrderItem {
  field: string;
  descending: boolean;
  nulls?: 'first' | 'last';
}

export interface SoqlQuery {
  select: SelectItem[];
  from: string;
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

/** A query the app refuses, with the app's error code. */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR' | 'NUMBER_OUTSIDE_VALID_RANGE',
    message: string,
  ) {
    super(message);
    this.name = 'SoqlError';
  }
}
