/**
 * HubSpot-defined association types between the standard objects (the SDK's AssociationTypes enum,
 * apis.md §1.7). Each type has an inverse, used when the reverse direction is stored or read.
 * A primary pair also always carries the unlabeled type, as HubSpot does.
 */
import { ENGAGEMENT_ASSOCIATION_TYPES } from './engagement-association-types.js';

export interface AssociationTypeDef {
  from: string;
  to: string;
  typeId: number;
  inverseTypeId: number;
  /** "Primary" for the primary types, null for unlabeled ones (the wire value of `label`). */
  label: string | null;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  /** The v3 name shown in `associations.<to>.results[].type`. */
  name: string;
  primary: boolean;
}

const t = (from: string, to: string, typeId: number, inverseTypeId: number, name: string, primary = false): AssociationTypeDef => ({
  from,
  to,
  typeId,
  inverseTypeId,
  label: primary ? 'Primary' : null,
  category: 'HUBSPOT_DEFINED',
  name,
  primary,
});

/** A type and its inverse, which HubSpot defines together. */
const both = (from: string, to: string, typeId: number, inverseTypeId: number, name: string, inverseName: string, primary = false) => [
  t(from, to, typeId, inverseTypeId, name, primary),
  t(to, from, inverseTypeId, typeId, inverseName, primary),
];

export const STANDARD_ASSOCIATION_TYPES: AssociationTypeDef[] = [
  ...both('contacts', 'companies', 1, 2, 'contact_to_company', 'company_to_contact', true),
  ...both('contacts', 'companies', 279, 280, 'contact_to_company_unlabeled', 'company_to_contact_unlabeled'),
  ...both('deals', 'contacts', 3, 4, 'deal_to_contact', 'contact_to_deal'),
  ...both('deals', 'companies', 5, 6, 'deal_to_company', 'company_to_deal', true),
  ...both('deals', 'companies', 341, 342, 'deal_to_company_unlabeled', 'company_to_deal_unlabeled'),
  t('contacts', 'contacts', 449, 449, 'contact_to_contact'),
  t('companies', 'companies', 450, 450, 'company_to_company'),
  t('deals', 'deals', 451, 451, 'deal_to_deal'),
  ...ENGAGEMENT_ASSOCIATION_TYPES,
];

/** The types defined from one object to another. */
export function associationTypesBetween(from: string, to: string): AssociationTypeDef[] {
  return STANDARD_ASSOCIATION_TYPES.filter((d) => d.from === from && d.to === to);
}

/** The types to send for a link: the primary type (when asked and defined) plus the unlabeled one. */
export function typesForLink(from: string, to: string, primary: boolean): AssociationTypeDef[] {
  const defs = associationTypesBetween(from, to);
  const unlabeled = defs.find((d) => !d.primary);
  const main = primary ? defs.find((d) => d.primary) : undefined;
  return [main, unlabeled].filter((d): d is AssociationTypeDef => d !== undefined);
}

/** The primary type id from one object to another, when HubSpot defines one (R28). */
export function primaryTypeId(from: string, to: string): number | undefined {
  return associationTypesBetween(from, to).find((d) => d.primary)?.typeId;
}
