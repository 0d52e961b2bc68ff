/**
 * HubSpot-defined association types between the engagement objects and contacts, companies and
 * deals (the SDK's AssociationTypes enum: taskToContact = 204, contactToTask = 203, …). None is
 * primary: an engagement has no primary record, and each direction has a single unlabeled type.
 * Only the type is imported from association-types.ts, which spreads this list into its own.
 */
import type { AssociationTypeDef } from './association-types.js';

/** v3 names are singular: `task_to_contact`, `contact_to_task`. */
const SINGULAR: Record<string, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tasks: 'task',
  notes: 'note',
  meetings: 'meeting',
  calls: 'call',
  emails: 'email',
};

/** [engagement, record object, engagement→record id, record→engagement id]. */
const PAIRS: Array<[string, string, number, number]> = [
  ['tasks', 'contacts', 204, 203],
  ['tasks', 'companies', 192, 191],
  ['tasks', 'deals', 216, 215],
  ['notes', 'contacts', 202, 201],
  ['notes', 'companies', 190, 189],
  ['notes', 'deals', 214, 213],
  ['calls', 'contacts', 194, 193],
  ['calls', 'companies', 182, 181],
  ['calls', 'deals', 206, 205],
  ['emails', 'contacts', 198, 197],
  ['emails', 'companies', 186, 185],
  ['emails', 'deals', 210, 209],
  ['meetings', 'contacts', 200, 199],
  ['meetings', 'companies', 188, 187],
  ['meetings', 'deals', 212, 211],
];

function def(from: string, to: string, typeId: number, inverseTypeId: number): AssociationTypeDef {
  const name = `${SINGULAR[from]}_to_${SINGULAR[to]}`;
  return { from, to, typeId, inverseTypeId, label: null, category: 'HUBSPOT_DEFINED', name, primary: false };
}

/** Both directions of every pair. */
export const ENGAGEMENT_ASSOCIATION_TYPES: AssociationTypeDef[] = PAIRS.flatMap(([engagement, record, forward, inverse]) => [
  def(engagement, record, forward, inverse),
  def(record, engagement, inverse, forward),
]);
