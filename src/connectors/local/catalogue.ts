/** The local store's default objects and fields; a store file may extend them. Names follow HubSpot's. */
import type { Catalogue, FieldDef } from '../types.js';

const f = (name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ name, type, ...extra });

export const LOCAL_DEFAULT_CATALOGUES: Record<string, Catalogue> = {
  contacts: {
    object: 'contacts',
    fields: [
      f('email', 'email', { unique: true }),
      f('firstname', 'string'),
      f('lastname', 'string'),
      f('phone', 'phone'),
      f('mobilephone', 'phone'),
      f('fax', 'phone'),
      f('company', 'string'),
      f('jobtitle', 'string'),
      f('address', 'string'),
      f('city', 'string'),
      f('state', 'string'),
      f('zip', 'string'),
      f('country', 'string'),
      f('website', 'url'),
      f('lifecyclestage', 'enum', {
        options: ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'],
      }),
      f('notes', 'text'),
      f('score', 'number'),
      f('subscribed', 'boolean'),
      f('birthday', 'date'),
      f('lastmodifieddate', 'datetime', { readOnly: true }),
    ],
  },
  companies: {
    object: 'companies',
    fields: [
      f('name', 'string'),
      f('domain', 'string'),
      f('website', 'url'),
      f('phone', 'phone'),
      f('city', 'string'),
      f('country', 'string'),
      f('industry', 'string'),
      f('numberofemployees', 'number'),
      f('annualrevenue', 'number'),
      f('lastmodifieddate', 'datetime', { readOnly: true }),
    ],
  },
  deals: {
    object: 'deals',
    fields: [
      f('dealname', 'string', { required: true }),
      f('amount', 'number'),
      f('dealstage', 'string'),
      f('pipeline', 'string'),
      f('closedate', 'date'),
      f('lastmodifieddate', 'datetime', { readOnly: true }),
    ],
  },
  tasks: {
    object: 'tasks',
    fields: [
      f('subject', 'string', { required: true }),
      f('body', 'text'),
      f('status', 'string'),
      f('due', 'datetime'),
      f('lastmodifieddate', 'datetime', { readOnly: true }),
    ],
  },
};

export const LOCAL_OBJECTS = Object.keys(LOCAL_DEFAULT_CATALOGUES);
