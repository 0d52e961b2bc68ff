/**
 * Keeps one bad record from failing its batch-mates. Google refuses a whole batch call with a 400
 * when one contact in it is invalid, naming each bad contact with its own Status in the error's
 * BatchCreateContactsErrorDetails / BatchUpdateContactsErrorDetails ("if an index does not appear,
 * then the creation of that contact would have been successful") [D]. On a 400 the batch is sent
 * again without the records the error names (those details, or BadRequest field violations for
 * deletes), or, when it names none, in halves until the culprit stands alone.
 */
import { ConnectorFailure, type ConnectorError, type WriteResult } from '../types.js';
import { describeFailure, fromRpcStatus, isAccountFull, toConnectorError, type ApiFailure } from './errors.js';

export interface Isolation<T> {
  /** Sends one batch; throws when Google refuses the whole call. */
  send(batch: T[]): Promise<WriteResult[]>;
  /** The records of `batch` the failure names, with the error each gets. */
  blame(failure: ApiFailure, error: ConnectorError, batch: T[]): Array<[T, ConnectorError]>;
  fail(item: T, error: ConnectorError): WriteResult;
}

/** Field violations under `prefix`, by bracketed key: `contacts[3].names` → key `3`. */
export function violationKeys(failure: ApiFailure, prefix: string): { key: string; description: string }[] {
  const out: { key: string; description: string }[] = [];
  for (const v of failure.violations) {
    const m = new RegExp(`^${prefix}\\[["']?([^\\]"']+)["']?\\]`).exec(v.field);
    if (m) out.push({ key: m[1]!, description: v.description });
  }
  return out;
}

/** The contacts a refused batch names in its error details, each with its own error. */
export function contactErrorKeys(failure: ApiFailure): { key: string; error: ConnectorError }[] {
  return Object.entries(failure.contactErrors).map(([key, status]) => ({ key, error: fromRpcStatus(status) }));
}

/** The batch error narrowed to one record: its own violation's text. */
export function narrow(error: ConnectorError, description: string): ConnectorError {
  return description ? { ...error, message: description } : error;
}

export async function sendIsolated<T>(batch: T[], how: Isolation<T>): Promise<WriteResult[]> {
  if (!batch.length) return [];
  try {
    return await how.send(batch);
  } catch (thrown) {
    const failure = describeFailure(thrown);
    const error = toConnectorError(thrown);
    // Credentials concern the whole connection, not a record: the engine stops (types.ts).
    if (failure.http === 401 || failure.http === 403) throw new ConnectorFailure(error);
    if (failure.http !== 400 || isAccountFull(failure)) return batch.map((item) => how.fail(item, error));
    // A Map: one record may carry several violations, and gets one result.
    const named = new Map(how.blame(failure, error, batch));
    if (named.size) {
      const rest = batch.filter((item) => !named.has(item));
      return [...[...named].map(([item, e]) => how.fail(item, e)), ...(await sendIsolated(rest, how))];
    }
    if (batch.length < 2) return batch.map((item) => how.fail(item, error));
    const mid = Math.ceil(batch.length / 2);
    return [...(await sendIsolated(batch.slice(0, mid), how)), ...(await sendIsolated(batch.slice(mid), how))];
  }
}

/** Splits `items` into runs of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
