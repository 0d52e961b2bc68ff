/**
 * Associations (R27) in Salesforce are lookup fields: a Contact belongs to an Account through
 * Contact.AccountId. Creating a link is an update of the `from` record's lookup to the `to` object.
 * A lookup holds one record, so of several links from one record only the primary is kept (R28).
 */
import { associationRef, type AssociationLink, type ConnectorError, type WriteOp, type WriteResult } from '../types.js';
import type { ObjectInfo } from './describe.js';

/** The result ref of a link (associationRef). */
export const linkRef = associationRef;

const associationError = (message: string, hint: string): ConnectorError => ({ code: 'NO_LOOKUP', category: 'association', retryable: false, message, hint });

/** The update ops that set the lookups, and the links refused before any call. */
export function planAssociations(from: ObjectInfo, to: string, links: AssociationLink[]): { ops: WriteOp[]; refused: WriteResult[] } {
  const lookups = from.references.filter((r) => r.to.some((t) => t.toLowerCase() === to.toLowerCase()));
  // Prefer the standard lookup (AccountId) over custom ones, and a single-object one over polymorphic.
  const lookup = [...lookups].sort((a, b) => Number(a.custom) - Number(b.custom) || a.to.length - b.to.length)[0];
  if (!lookup) {
    const error = associationError(
      `${from.catalogue.object} has no lookup field to ${to}`,
      `Salesforce links ${from.catalogue.object} records to ${to} only through a lookup field; add one or do not sync this association.`,
    );
    return { ops: [], refused: links.map((l) => ({ ref: linkRef(l), ok: false, error })) };
  }
  const chosen = new Map<string, AssociationLink>();
  for (const link of links) {
    const current = chosen.get(link.fromId);
    if (!current || (link.primary && !current.primary)) chosen.set(link.fromId, link);
  }
  const refused: WriteResult[] = links
    .filter((l) => chosen.get(l.fromId) !== l)
    .map((l) => ({
      ref: linkRef(l),
      ok: false,
      error: associationError(
        `${lookup.field} holds one record; only the primary association of ${l.fromId} is kept`,
        'Salesforce keeps one related record per lookup field (R28); mark the link to keep as primary.',
      ),
    }));
  const ops: WriteOp[] = [...chosen.values()].map((l) => ({ kind: 'update', ref: linkRef(l), id: l.fromId, fields: { [lookup.field]: l.toId } }));
  return { ops, refused };
}
