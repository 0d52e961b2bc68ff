/**
 * The standard Salesforce objects crmsync syncs (R6), in Salesforce's own terms: field API names
 * and describe types. The static catalogue (offline validation) and the emulator's describe are
 * both built from this, so the two cannot drift apart.
 */
import { KEY_PREFIXES } from './limits.js';

/** Salesforce describe field types used here (apis.md §2.6). */
export type SfFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'reference'
  | 'boolean'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime';

/** Each text type's length when a field gives none (describe's `length`; longer text is STRING_TOO_LONG). */
export const DEFAULT_LENGTHS: Partial<Record<SfFieldType, number>> = {
  id: 18,
  reference: 18,
  string: 255,
  textarea: 32000,
  email: 80,
  phone: 40,
  url: 255,
  picklist: 255,
  multipicklist: 4099,
  combobox: 255,
};

export interface SfFieldSpec {
  name: string;
  type: SfFieldType;
  label?: string;
  length?: number;
  /** The app refuses a create without it (REQUIRED_FIELD_MISSING). */
  required?: boolean;
  /** System-managed or calculated: never createable or updateable. */
  readOnly?: boolean;
  /** The app fills it on create when it is not given. */
  defaultValue?: string | number | boolean;
  referenceTo?: string[];
  relationshipName?: string;
  picklist?: string[];
  /** A restricted picklist: values outside `picklist` are refused (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST). */
  restricted?: boolean;
  unique?: boolean;
  externalId?: boolean;
  custom?: boolean;
}

export interface SfObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom?: boolean;
  fields: SfFieldSpec[];
}

const s = (name: string, length = 255, more: Partial<SfFieldSpec> = {}): SfFieldSpec => ({ name, type: 'string', length, ...more });
const t = (type: SfFieldType, name: string, more: Partial<SfFieldSpec> = {}): SfFieldSpec => ({ name, type, ...more });
const pick = (name: string, values: string[], more: Partial<SfFieldSpec> = {}): SfFieldSpec => ({ name, type: 'picklist', picklist: values, ...more });
const ref = (name: string, to: string[], relationshipName: string, more: Partial<SfFieldSpec> = {}): SfFieldSpec => ({
  name,
  type: 'reference',
  referenceTo: to,
  relationshipName,
  ...more,
});

/** Fields every object has; written only by the app. */
export function systemFields(): SfFieldSpec[] {
  return [
    t('id', 'Id', { readOnly: true, label: 'Record ID' }),
    t('boolean', 'IsDeleted', { readOnly: true, label: 'Deleted' }),
    t('datetime', 'CreatedDate', { readOnly: true }),
    ref('CreatedById', ['User'], 'CreatedBy', { readOnly: true }),
    t('datetime', 'LastModifiedDate', { readOnly: true }),
    ref('LastModifiedById', ['User'], 'LastModifiedBy', { readOnly: true }),
    t('datetime', 'SystemModstamp', { readOnly: true, label: 'System Modstamp' }),
  ];
}

const owner = () => ref('OwnerId', ['User'], 'Owner');
/**
 * Set on the records a merge deleted, pointing at the record that was kept (Object Reference for
 * the Salesforce Platform: the MasterRecordId field of Account, Contact and Lead).
 */
const masterRecord = (object: string) => ref('MasterRecordId', [object], 'MasterRecord', { readOnly: true, label: 'Master Record ID' });
const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const INDUSTRIES = ['Agriculture', 'Banking', 'Consulting', 'Education', 'Energy', 'Finance', 'Healthcare', 'Manufacturing', 'Retail', 'Technology', 'Other'];
const RATINGS = ['Hot', 'Warm', 'Cold'];
const STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];

function person(address: 'Mailing' | ''): SfFieldSpec[] {
  return [
    pick('Salutation', SALUTATIONS),
    s('FirstName', 40),
    s('LastName', 80, { required: true }),
    s('Name', 121, { readOnly: true, label: 'Full Name' }),
    t('email', 'Email', { length: 80 }),
    t('phone', 'Phone', { length: 40 }),
    t('phone', 'MobilePhone', { length: 40 }),
    t('phone', 'Fax', { length: 40 }),
    s('Title', 128),
    t('textarea', `${address}Street`, { length: 255 }),
    s(`${address}City`, 40),
    s(`${address}State`, 80),
    s(`${address}PostalCode`, 20),
    s(`${address}Country`, 80),
    pick('LeadSource', LEAD_SOURCES),
    t('textarea', 'Description', { length: 32000 }),
    t('boolean', 'HasOptedOutOfEmail', { defaultValue: false }),
  ];
}

export const STANDARD_OBJECTS: SfObjectSpec[] = [
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: KEY_PREFIXES.Account!,
    fields: [
      ...systemFields(),
      masterRecord('Account'),
      owner(),
      s('Name', 255, { required: true, label: 'Account Name' }),
      s('AccountNumber', 40),
      pick('Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other']),
      pick('Industry', INDUSTRIES),
      pick('Rating', RATINGS),
      t('url', 'Website', { length: 255 }),
      t('phone', 'Phone', { length: 40 }),
      t('phone', 'Fax', { length: 40 }),
      t('textarea', 'BillingStreet', { length: 255 }),
      s('BillingCity', 40),
      s('BillingState', 80),
      s('BillingPostalCode', 20),
      s('BillingCountry', 80),
      t('textarea', 'ShippingStreet', { length: 255 }),
      s('ShippingCity', 40),
      s('ShippingState', 80),
      s('ShippingPostalCode', 20),
      s('ShippingCountry', 80),
      t('currency', 'AnnualRevenue'),
      t('int', 'NumberOfEmployees', { label: 'Employees' }),
      ref('ParentId', ['Account'], 'Parent'),
      t('textarea', 'Description', { length: 32000 }),
    ],
  },
  {
    name: 'Contact',
    label: 'Contact',
    labelPlural: 'Contacts',
    keyPrefix: KEY_PREFIXES.Contact!,
    fields: [
      ...systemFields(),
      masterRecord('Contact'),
      owner(),
      ref('AccountId', ['Account'], 'Account'),
      ...person('Mailing'),
      s('Department', 80),
      t('date', 'Birthdate'),
    ],
  },
  {
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: KEY_PREFIXES.Lead!,
    fields: [
      ...systemFields(),
      masterRecord('Lead'),
      owner(),
      ...person(''),
      s('Company', 255, { required: true }),
      t('url', 'Website', { length: 255 }),
      pick('Status', ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'], {
        defaultValue: 'Open - Not Contacted',
        label: 'Lead Status',
      }),
      pick('Industry', INDUSTRIES),
      pick('Rating', RATINGS),
      t('currency', 'AnnualRevenue'),
      t('int', 'NumberOfEmployees', { label: 'Employees' }),
      t('boolean', 'IsConverted', { readOnly: true }),
      ref('ConvertedContactId', ['Contact'], 'ConvertedContact', { readOnly: true }),
      ref('ConvertedAccountId', ['Account'], 'ConvertedAccount', { readOnly: true }),
    ],
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: KEY_PREFIXES.Opportunity!,
    fields: [
      ...systemFields(),
      owner(),
      ref('AccountId', ['Account'], 'Account'),
      s('Name', 120, { required: true }),
      pick('StageName', STAGES, { required: true, label: 'Stage' }),
      t('date', 'CloseDate', { required: true }),
      t('currency', 'Amount'),
      t('percent', 'Probability'),
      pick('Type', ['Existing Business', 'New Business']),
      pick('LeadSource', LEAD_SOURCES),
      s('NextStep', 255),
      pick('ForecastCategoryName', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed']),
      t('boolean', 'IsClosed', { readOnly: true }),
      t('boolean', 'IsWon', { readOnly: true }),
      t('textarea', 'Description', { length: 32000 }),
    ],
  },
  {
    name: 'Task',
    label: 'Task',
    labelPlural: 'Tasks',
    keyPrefix: KEY_PREFIXES.Task!,
    fields: [
      ...systemFields(),
      owner(),
      t('combobox', 'Subject', { length: 255, picklist: ['Call', 'Send Letter', 'Send Quote', 'Other'] }),
      pick('Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], { defaultValue: 'Not Started' }),
      pick('Priority', ['High', 'Normal', 'Low'], { defaultValue: 'Normal' }),
      t('date', 'ActivityDate', { label: 'Due Date Only' }),
      t('textarea', 'Description', { length: 32000, label: 'Comments' }),
      ref('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID' }),
      ref('WhatId', ['Account', 'Opportunity'], 'What', { label: 'Related To ID' }),
      pick('Type', ['Call', 'Email', 'Meeting', 'Other']),
      pick('TaskSubtype', ['Task', 'Email', 'Call']),
      t('boolean', 'IsClosed', { readOnly: true }),
      t('int', 'CallDurationInSeconds'),
    ],
  },
];

/** The standard object spec by API name (case-insensitive), if crmsync knows it. */
export function standardObject(name: string): SfObjectSpec | undefined {
  const lower = name.toLowerCase();
  return STANDARD_OBJECTS.find((o) => o.name.toLowerCase() === lower);
}

/** A field's label: its own, or its API name split into words (`MailingPostalCode` → `Mailing Postal Code`). */
export function labelOf(spec: SfFieldSpec): string {
  if (spec.label) return spec.label;
  return spec.name
    .replace(/__c$/, '')
    .replace(/Id$/, ' ID')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .trim();
}
