/**
 * Facts about each app that configuration needs before any connection is made: which sync objects
 * it supports and under what name (R6), where its offline field catalogue comes from, and which of
 * its fields play the roles the default match keys use (R25, R26).
 */
import type { AppKind, Catalogue } from './types.js';
import { LOCAL_DEFAULT_CATALOGUES } from './local/catalogue.js';
import { googleStaticCatalogue } from './google/catalogue.js';
import { hubspotStaticCatalogue } from './hubspot/catalogue.js';
import { salesforceStaticCatalogue } from './salesforce/catalogue.js';

export type SyncObject = 'contacts' | 'companies' | 'deals' | 'tasks' | 'custom';

/** The app's own object name for each sync object it supports; `custom` needs an explicit name. */
export const APP_OBJECTS: Record<AppKind, Partial<Record<SyncObject, string[]>>> = {
  local: { contacts: ['contacts'], companies: ['companies'], deals: ['deals'], tasks: ['tasks'] },
  // R9: HubSpot tasks, and the timeline activities (calls, emails, meetings, notes) that become
  // Salesforce tasks.
  hubspot: { contacts: ['contacts'], companies: ['companies'], deals: ['deals'], tasks: ['tasks', 'calls', 'emails', 'meetings', 'notes'], custom: [] },
  // R6: Salesforce contacts are leads or contacts; the first name is the default.
  salesforce: { contacts: ['Contact', 'Lead'], companies: ['Account'], deals: ['Opportunity'], tasks: ['Task'], custom: [] },
  // R6: Google Contacts supports contacts only.
  google: { contacts: ['contacts'] },
};

/** HubSpot timeline activities that Salesforce records as tasks of a chosen type (R9). */
export const HUBSPOT_ACTIVITY_OBJECTS = ['calls', 'emails', 'meetings', 'notes'];
export const isHubSpotActivity = (object: string | undefined) => object !== undefined && HUBSPOT_ACTIVITY_OBJECTS.includes(object);

export type MatchRole = 'email' | 'domain' | 'name' | 'secondaryEmails' | 'firstName' | 'lastName' | 'companyDomain';

const person = (email: string, firstName: string, lastName: string) => ({ email, firstName, lastName });

/**
 * Field names that play each matching role, per app object. A website URL is never a key (R26).
 * Contacts (R25): the email, further emails where the app keeps them, the person's name, and a
 * company domain where the app has one; an app without one offers its email's domain.
 */
export const MATCH_ROLES: Record<AppKind, Record<string, Partial<Record<MatchRole, string>>>> = {
  local: { contacts: person('email', 'firstname', 'lastname'), companies: { domain: 'domain', name: 'name' }, deals: { name: 'dealname' } },
  hubspot: { contacts: { ...person('email', 'firstname', 'lastname'), secondaryEmails: 'hs_additional_emails' }, companies: { domain: 'domain', name: 'name' }, deals: { name: 'dealname' } },
  // R26: Salesforce accounts have no domain field, so they match by name alone.
  salesforce: { Contact: person('Email', 'FirstName', 'LastName'), Lead: person('Email', 'FirstName', 'LastName'), Account: { name: 'Name' }, Opportunity: { name: 'Name' } },
  google: { contacts: { ...person('email', 'firstName', 'lastName'), secondaryEmails: 'secondaryEmails', companyDomain: 'companyDomain' } },
};

/** Default match roles per sync object, in the order they are tried (R26); contacts follow R25 (see compile). */
export const DEFAULT_MATCH_ORDER: Record<SyncObject, MatchRole[]> = {
  contacts: ['email'],
  companies: ['domain', 'name'],
  deals: ['name'],
  tasks: [],
  custom: [],
};

export type StaticCatalogue = (object: string) => Catalogue | undefined;

const staticCatalogues: Record<AppKind, StaticCatalogue> = {
  local: (object) => LOCAL_DEFAULT_CATALOGUES[object],
  hubspot: hubspotStaticCatalogue,
  salesforce: salesforceStaticCatalogue,
  google: googleStaticCatalogue,
};

/** The built-in catalogue of an app object, used for offline validation; not authoritative. */
export function staticCatalogue(app: AppKind, object: string): Catalogue | undefined {
  return staticCatalogues[app](object);
}
