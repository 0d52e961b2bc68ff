/**
 * HubSpot's standard properties for contacts, companies and deals (and, from engagement-properties.ts,
 * the engagement objects), in HubSpot's own terms (type, fieldType, groupName, options). It is data:
 * the static catalogue maps it onto FieldDefs for offline validation, and the emulator serves it from
 * GET /crm/v3/properties/{object}.
 */
import { ENGAGEMENT_PROPERTIES, p } from './engagement-properties.js';

export type HubSpotPropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';
export type HubSpotFieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'booleancheckbox'
  | 'phonenumber'
  | 'calculation_equation'
  | 'file'
  | 'html';

export interface PropertySpec {
  name: string;
  label: string;
  type: HubSpotPropertyType;
  fieldType: HubSpotFieldType;
  groupName: string;
  /** Option values of enumerations (labels are derived for display). */
  options?: string[];
  /** The value is set by HubSpot, never by a write. */
  readOnly?: boolean;
  /** HubSpot refuses a create without a value (engagements' hs_timestamp). */
  required?: boolean;
  hidden?: boolean;
  /** Properties pointing at another HubSpot entity (owners). */
  referencedObjectType?: string;
}

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const INDUSTRIES = [
  'ACCOUNTING',
  'AIRLINES_AVIATION',
  'BANKING',
  'BIOTECHNOLOGY',
  'COMPUTER_HARDWARE',
  'COMPUTER_SOFTWARE',
  'CONSTRUCTION',
  'CONSUMER_GOODS',
  'EDUCATION_MANAGEMENT',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'INSURANCE',
  'INTERNET',
  'MANAGEMENT_CONSULTING',
  'MARKETING_AND_ADVERTISING',
  'MEDIA_PRODUCTION',
  'NONPROFIT_ORGANIZATION_MANAGEMENT',
  'REAL_ESTATE',
  'RETAIL',
  'TELECOMMUNICATIONS',
  'UTILITIES',
];

const text = (group: string) => (name: string, label: string) => p(name, label, 'string', 'text', group);
const phone = (group: string) => (name: string, label: string) => p(name, label, 'string', 'phonenumber', group);

/** The ids of the records merged into this one, `;`-separated ("Merged [record] IDs"). */
const MERGED_IDS = p('hs_merged_object_ids', 'Merged record IDs', 'enumeration', 'checkbox', 'system', { readOnly: true });

/** System properties every standard object has (R7: never written). */
function system(modified: string): PropertySpec[] {
  return [
    p('createdate', 'Create Date', 'datetime', 'date', 'system', { readOnly: true }),
    p(modified, 'Last Modified Date', 'datetime', 'date', 'system', { readOnly: true }),
    p('hs_object_id', 'Record ID', 'number', 'number', 'system', { readOnly: true }),
    MERGED_IDS,
  ];
}

const owner = p('hubspot_owner_id', 'Owner', 'enumeration', 'select', 'sales_properties', { referencedObjectType: 'OWNER' });

const ct = text('contactinformation');
const CONTACTS: PropertySpec[] = [
  ct('email', 'Email'),
  ct('firstname', 'First Name'),
  ct('lastname', 'Last Name'),
  phone('contactinformation')('phone', 'Phone Number'),
  phone('contactinformation')('mobilephone', 'Mobile Phone Number'),
  phone('contactinformation')('fax', 'Fax Number'),
  ct('company', 'Company Name'),
  ct('jobtitle', 'Job Title'),
  ct('website', 'Website URL'),
  ct('address', 'Street Address'),
  ct('city', 'City'),
  ct('state', 'State/Region'),
  ct('zip', 'Postal Code'),
  ct('country', 'Country/Region'),
  ct('salutation', 'Salutation'),
  ct('industry', 'Industry'),
  ct('annualrevenue', 'Annual Revenue'),
  p('numemployees', 'Number of Employees', 'enumeration', 'select', 'contactinformation', {
    options: ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'],
  }),
  p('message', 'Message', 'string', 'textarea', 'contactinformation'),
  p('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation', { options: LIFECYCLE }),
  p('hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', {
    options: ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'],
  }),
  owner,
  p('hs_additional_emails', 'Additional email addresses', 'enumeration', 'checkbox', 'contactinformation', { readOnly: true }),
  p('associatedcompanyid', 'Primary Associated Company ID', 'number', 'number', 'contactinformation', { readOnly: true }),
  ...system('lastmodifieddate'),
];

const co = text('companyinformation');
const COMPANIES: PropertySpec[] = [
  co('name', 'Company name'),
  co('domain', 'Company Domain Name'),
  co('website', 'Website URL'),
  phone('companyinformation')('phone', 'Phone Number'),
  co('address', 'Street Address'),
  co('address2', 'Street Address 2'),
  co('city', 'City'),
  co('state', 'State/Region'),
  co('zip', 'Postal Code'),
  co('country', 'Country/Region'),
  p('industry', 'Industry', 'enumeration', 'select', 'companyinformation', { options: INDUSTRIES }),
  p('numberofemployees', 'Number of Employees', 'number', 'number', 'companyinformation'),
  p('annualrevenue', 'Annual Revenue', 'number', 'number', 'companyinformation'),
  p('description', 'Description', 'string', 'textarea', 'companyinformation'),
  p('type', 'Type', 'enumeration', 'select', 'companyinformation', { options: ['PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER'] }),
  p('lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'companyinformation', { options: LIFECYCLE }),
  co('linkedin_company_page', 'LinkedIn Company Page'),
  owner,
  ...system('hs_lastmodifieddate'),
];

const de = text('dealinformation');
const DEALS: PropertySpec[] = [
  de('dealname', 'Deal Name'),
  p('amount', 'Amount', 'number', 'number', 'dealinformation'),
  p('closedate', 'Close Date', 'datetime', 'date', 'dealinformation'),
  p('dealstage', 'Deal Stage', 'enumeration', 'radio', 'dealinformation', {
    options: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'],
  }),
  p('pipeline', 'Pipeline', 'enumeration', 'select', 'dealinformation', { options: ['default'] }),
  p('dealtype', 'Deal Type', 'enumeration', 'radio', 'dealinformation', { options: ['newbusiness', 'existingbusiness'] }),
  p('description', 'Deal Description', 'string', 'textarea', 'dealinformation'),
  p('hs_priority', 'Priority', 'enumeration', 'select', 'dealinformation', { options: ['low', 'medium', 'high'] }),
  p('closed_lost_reason', 'Closed Lost Reason', 'string', 'textarea', 'dealinformation'),
  owner,
  ...system('hs_lastmodifieddate'),
];

/**
 * HubSpot's standard Invoices object (objectTypeId 0-53, "Invoices API" guide). It owns the bare name
 * `invoices`, which is why a custom object can no longer be addressed by its base name.
 * Assumption: a subset of its properties; the guide lists more (line items, payment links).
 */
const INVOICES: PropertySpec[] = [
  p('hs_number', 'Number', 'string', 'text', 'invoiceinformation', { readOnly: true }),
  p('hs_title', 'Title', 'string', 'text', 'invoiceinformation'),
  p('hs_currency', 'Currency', 'enumeration', 'select', 'invoiceinformation', { options: ['USD', 'EUR', 'GBP'] }),
  p('hs_invoice_date', 'Invoice date', 'date', 'date', 'invoiceinformation'),
  p('hs_due_date', 'Due date', 'date', 'date', 'invoiceinformation'),
  p('hs_invoice_status', 'Invoice status', 'enumeration', 'select', 'invoiceinformation', { options: ['draft', 'open', 'paid', 'voided'] }),
  p('hs_amount_billed', 'Amount billed', 'number', 'number', 'invoiceinformation', { readOnly: true }),
  p('hs_createdate', 'Create date', 'datetime', 'date', 'system', { readOnly: true }),
  p('hs_lastmodifieddate', 'Last modified date', 'datetime', 'date', 'system', { readOnly: true }),
  p('hs_object_id', 'Record ID', 'number', 'number', 'system', { readOnly: true }),
  MERGED_IDS,
];

/** The standard objects' properties by object name, engagements and invoices included. */
export const STANDARD_PROPERTIES: Record<string, PropertySpec[]> = {
  contacts: CONTACTS,
  companies: COMPANIES,
  deals: DEALS,
  ...ENGAGEMENT_PROPERTIES,
  invoices: INVOICES,
};

/** The properties every custom object starts with. */
export const CUSTOM_OBJECT_SYSTEM_PROPERTIES: PropertySpec[] = [
  p('hs_createdate', 'Object create date/time', 'datetime', 'date', 'system', { readOnly: true }),
  p('hs_lastmodifieddate', 'Object last modified date/time', 'datetime', 'date', 'system', { readOnly: true }),
  p('hs_object_id', 'Record ID', 'number', 'number', 'system', { readOnly: true }),
  MERGED_IDS,
];

/** Properties returned when a read names none (apis.md §1.3). */
export const DEFAULT_READ_PROPERTIES: Record<string, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'name', 'hs_lastmodifieddate', 'hs_object_id'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
};
