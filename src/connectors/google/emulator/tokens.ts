/**
 * Page and sync tokens: opaque to clients, plain JSON inside. A token remembers the parameters of
 * the call that started the listing (Google requires later calls to repeat them), the change
 * sequence the listing covers, and when the full sync that began the chain happened (the
 * 7-day expiry counts from there).
 */
import { createHash } from 'node:crypto';

export interface PageToken {
  /** Hash of the parameters that must not change between pages. */
  h: string;
  /** Covers changes up to and including this sequence number (a snapshot). */
  u: number;
  /** Sync listings: changes after this sequence number. */
  f?: number;
  /** Last-modified order: the last sequence number already returned. */
  a?: number;
  /** Other orders: items already returned. */
  o?: number;
  /** Full syncs under propagation delay: the position the sync token starts from (default u). */
  l?: number;
  /** When the chain's full sync ran (ms). */
  t: number;
}

export interface SyncToken {
  /** Which listing the token belongs to. */
  k: 'connections' | 'otherContacts';
  h: string;
  /** Changes after this sequence number are new to the holder. */
  s: number;
  t: number;
}

export function hashParams(parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodeToken(token: PageToken | SyncToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** The decoded token, or undefined when it is not one of ours. */
export function decodeToken<T extends PageToken | SyncToken>(value: string, isValid: (t: T) => boolean): T | undefined {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as T;
    return token && typeof token === 'object' && isValid(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

export const isPageToken = (t: PageToken) => typeof t.h === 'string' && typeof t.u === 'number' && typeof t.t === 'number';
export const isSyncToken = (t: SyncToken) =>
  (t.k === 'connections' || t.k === 'otherContacts') && typeof t.h === 'string' && typeof t.s === 'number' && typeof t.t === 'number';
