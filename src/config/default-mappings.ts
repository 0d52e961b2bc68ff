/**
 * Each app pair's recommended field mappings (R5, R15), used when a sync says
 * `mappings: recommended` (the default). The local store names its fields as HubSpot does, so the
 * two share one table. `required` marks mappings that must stay switched on.
 */
import type { AppEntry, SyncObject } from '../connectors/app-entry.js';

export interface DefaultMapping {
  /** Field of the first app of the pair key, field of the second. */
  a: string;
  b: string;
  required?: boolean;
  transform?: Array<'trim' | 'lowercase' | 'phone'>;
  /** A value map from the first app's (`a`) options to the second's (`b`). */
  values?: Record<string, string>;
}

// Email is the default match key, but not required: R18's email filter can be switched off.
const email: DefaultMapping = { a: 'email', b: 'email', transform: ['trim', 'lowercase'] };

/** R17: Google's default mappings, including its phone rules (first number, then mobile and fax). */
const HUB_GOOGLE_CONTACTS: DefaultMapping[] = [
  { ...email },
  { a: 'firstname', b: 'firstName', transform: ['trim'] },
  { a: 'lastname', b: 'lastName', transform: ['trim'] },
  { a: 'phone', b: 'phone', transform: ['phone'] },
  { a: 'mobilephone', b: 'mobile', transform: ['phone'] },
  { a: 'fax', b: 'fax', transform: ['phone'] },
  { a: 'company', b: 'company', transform: ['trim'] },
  { a: 'jobtitle', b: 'jobTitle', transform: ['trim'] },
  { a: 'address', b: 'street', transform: ['trim'] },
  { a: 'city', b: 'city', transform: ['trim'] },
  { a: 'state', b: 'region', transform: ['trim'] },
  { a: 'zip', b: 'postalCode', transform: ['trim'] },
  { a: 'country', b: 'country', transform: ['trim'] },
];

/** Salesforce's default contact and lead mappings (seed 002; apis.md §5). */
const HUB_SALESFORCE_CONTACTS: DefaultMapping[] = [
  { a: 'email', b: 'Email', transform: ['trim', 'lowercase'] },
  { a: 'firstname', b: 'FirstName', transform: ['trim'] },
  { a: 'lastname', b: 'LastName', required: true, transform: ['trim'] },
  { a: 'phone', b: 'Phone', transform: ['phone'] },
  { a: 'mobilephone', b: 'MobilePhone', transform: ['phone'] },
  { a: 'fax', b: 'Fax', transform: ['phone'] },
  { a: 'jobtitle', b: 'Title', transform: ['trim'] },
  { a: 'address', b: 'MailingStreet', transform: ['trim'] },
  { a: 'city', b: 'MailingCity', transform: ['trim'] },
  { a: 'state', b: 'MailingState', transform: ['trim'] },
  { a: 'zip', b: 'MailingPostalCode', transform: ['trim'] },
  { a: 'country', b: 'MailingCountry', transform: ['trim'] },
];

/** Leads hold their company by name (required) and their address without the Mailing prefix. */
const HUB_SALESFORCE_LEADS: DefaultMapping[] = [
  ...HUB_SALESFORCE_CONTACTS.filter((m) => !m.b.startsWith('Mailing')),
  { a: 'company', b: 'Company', required: true, transform: ['trim'] },
  { a: 'address', b: 'Street', transform: ['trim'] },
  { a: 'city', b: 'City', transform: ['trim'] },
  { a: 'state', b: 'State', transform: ['trim'] },
  { a: 'zip', b: 'PostalCode', transform: ['trim'] },
  { a: 'country', b: 'Country', transform: ['trim'] },
  { a: 'website', b: 'Website', transform: ['trim'] },
];

const HUB_SALESFORCE_COMPANIES: DefaultMapping[] = [
  { a: 'name', b: 'Name', required: true, transform: ['trim'] },
  { a: 'phone', b: 'Phone', transform: ['phone'] },
  { a: 'website', b: 'Website', transform: ['trim'] },
  { a: 'city', b: 'BillingCity', transform: ['trim'] },
  { a: 'country', b: 'BillingCountry', transform: ['trim'] },
  { a: 'numberofemployees', b: 'NumberOfEmployees' },
  { a: 'annualrevenue', b: 'AnnualRevenue' },
];

const HUB_SALESFORCE_DEALS: DefaultMapping[] = [
  { a: 'dealname', b: 'Name', required: true, transform: ['trim'] },
  { a: 'amount', b: 'Amount' },
  { a: 'closedate', b: 'CloseDate', required: true },
  { a: 'dealstage', b: 'StageName', required: true },
];

/**
 * By pair (the apps' `mappings` names), then by sync object; an entry named after the second app's
 * own object (R6: Salesforce leads) overrides its sync object's.
 */
const TABLE: Record<string, Record<string, DefaultMapping[]>> = {
  'hub|google': { contacts: HUB_GOOGLE_CONTACTS },
  'hub|salesforce': { contacts: HUB_SALESFORCE_CONTACTS, Lead: HUB_SALESFORCE_LEADS, companies: HUB_SALESFORCE_COMPANIES, deals: HUB_SALESFORCE_DEALS },
};

/**
 * R9: Salesforce tasks become HubSpot tasks; HubSpot's timeline activities become Salesforce tasks
 * (of the sync's `task_type`). Keyed by the HubSpot object. Picklists differ, so they carry value maps.
 */
const TASK_STATUS = {
  NOT_STARTED: 'Not Started',
  IN_PROGRESS: 'In Progress',
  COMPLETED: 'Completed',
  WAITING: 'Waiting on someone else',
  DEFERRED: 'Deferred',
};
const TASK_PRIORITY = { HIGH: 'High', MEDIUM: 'Normal', LOW: 'Low' };
const HUBSPOT_SALESFORCE_ACTIVITIES: Record<string, DefaultMapping[]> = {
  tasks: [
    // HubSpot refuses a task without hs_timestamp, so a Salesforce task with no due date waits (R15).
    { a: 'hs_timestamp', b: 'ActivityDate', required: true },
    { a: 'hs_task_subject', b: 'Subject', transform: ['trim'] },
    { a: 'hs_task_body', b: 'Description' },
    { a: 'hs_task_status', b: 'Status', values: TASK_STATUS },
    { a: 'hs_task_priority', b: 'Priority', values: TASK_PRIORITY },
  ],
  calls: [
    { a: 'hs_timestamp', b: 'ActivityDate' },
    { a: 'hs_call_title', b: 'Subject', transform: ['trim'] },
    { a: 'hs_call_body', b: 'Description' },
  ],
  emails: [
    { a: 'hs_timestamp', b: 'ActivityDate' },
    { a: 'hs_email_subject', b: 'Subject', transform: ['trim'] },
    { a: 'hs_email_text', b: 'Description' },
  ],
  meetings: [
    { a: 'hs_timestamp', b: 'ActivityDate' },
    { a: 'hs_meeting_title', b: 'Subject', transform: ['trim'] },
    { a: 'hs_meeting_body', b: 'Description' },
  ],
  notes: [
    { a: 'hs_timestamp', b: 'ActivityDate' },
    { a: 'hs_note_body', b: 'Description' },
  ],
};

interface SideInfo {
  /** The app's registry entry: its `mappings` names the pair tables it shares. */
  entry: AppEntry;
  object?: string;
}

/**
 * The default mappings between `left` and `right` for `object`, oriented left → right, or
 * undefined when the pair has none (then `fields` must list them). `hubFields` is the hub-side
 * catalogue, used for hub ↔ hub pairs, which map every writable field to itself.
 */
export function defaultMappings(
  left: SideInfo,
  right: SideInfo,
  object: SyncObject,
  hubFields: () => string[],
): Array<{ left: string; right: string; required: boolean; transform: string[]; values?: Record<string, string> }> | undefined {
  const [l, r] = [left.entry.mappings, right.entry.mappings];
  if (l === 'hub' && r === 'hub') {
    return hubFields().map((name) => ({
      left: name,
      right: name,
      required: false,
      transform: name === 'email' ? ['trim', 'lowercase'] : [],
    }));
  }
  // Each table row is written in its key's order; a sync may list the two apps either way round.
  const swapped = !TABLE[`${l}|${r}`];
  const hub = swapped ? right : left;
  const far = swapped ? left : right;
  const table = TABLE[swapped ? `${r}|${l}` : `${l}|${r}`];
  const rows =
    object === 'tasks'
      ? hub.entry.capabilities.activities && far.entry.capabilities.activityTasks
        ? HUBSPOT_SALESFORCE_ACTIVITIES[hub.object ?? 'tasks']
        : undefined
      : far.object !== undefined && Object.hasOwn(table ?? {}, far.object)
        ? table![far.object]
        : table?.[object];
  return rows?.map((m) => {
    // A value map is written hub → other; flip it when the hub app is on the right.
    const values = m.values && (swapped ? Object.fromEntries(Object.entries(m.values).map(([a, b]) => [b, a])) : m.values);
    return {
      left: swapped ? m.b : m.a,
      right: swapped ? m.a : m.b,
      required: m.required ?? false,
      transform: m.transform ?? [],
      ...(values ? { values } : {}),
    };
  });
}
