/** The semantic rules, run in order after the schema check. Each reports located problems. */
import type { Rule } from '../context.js';
import { activitiesOneWay } from './activities.js';
import { credentialsGiven } from './credentials.js';
import { fieldsValid } from './fields.js';
import { createMarkersKept } from './markers.js';
import { pathsUsable } from './paths.js';
import { customObjectsOneWay, objectsSupported } from './objects.js';
import { associationsExist, connectionsExist, sidesReferenced } from './references.js';
import { connectionsUnique, settingsOnce, syncNamesUnique } from './uniqueness.js';

export const RULES: Record<string, Rule> = {
  connectionsUnique,
  syncNamesUnique,
  settingsOnce,
  connectionsExist,
  sidesReferenced,
  associationsExist,
  objectsSupported,
  customObjectsOneWay,
  activitiesOneWay,
  credentialsGiven,
  fieldsValid,
  pathsUsable,
  createMarkersKept,
};
