/** HubSpot's standard fields by the shared vocabulary (R5, R15); the local store names its fields alike. */
import type { StandardFields } from '../vocabulary.js';

/** Contacts, companies and deals: the local store has these too. */
export const HUB_STANDARD_FIELDS = {
  contacts: {
    email: 'email',
    firstName: 'firstname',
    lastName: 'lastname',
    phone: 'phone',
    mobile: 'mobilephone',
    fax: 'fax',
    company: 'company',
    jobTitle: 'jobtitle',
    street: 'address',
    city: 'city',
    region: 'state',
    postalCode: 'zip',
    country: 'country',
    website: 'website',
  },
  companies: {
    name: 'name',
    phone: 'phone',
    website: 'website',
    city: 'city',
    country: 'country',
    employees: 'numberofemployees',
    revenue: 'annualrevenue',
  },
  deals: { name: 'dealname', amount: 'amount', closeDate: 'closedate', stage: 'dealstage' },
} satisfies Record<string, StandardFields>;

/** R9: tasks and the timeline activities that become another app's tasks. */
const activity = (subject: string | undefined, body: string): StandardFields => ({
  timestamp: 'hs_timestamp',
  ...(subject ? { subject } : {}),
  body,
});

export const HUBSPOT_STANDARD_FIELDS: Record<string, StandardFields> = {
  ...HUB_STANDARD_FIELDS,
  tasks: {
    // HubSpot refuses a task without hs_timestamp, so a task from an app with no due date waits (R15).
    timestamp: { field: 'hs_timestamp', required: true },
    subject: 'hs_task_subject',
    body: 'hs_task_body',
    taskStatus: {
      field: 'hs_task_status',
      options: { 'not-started': 'NOT_STARTED', 'in-progress': 'IN_PROGRESS', completed: 'COMPLETED', waiting: 'WAITING', deferred: 'DEFERRED' },
    },
    taskPriority: { field: 'hs_task_priority', options: { high: 'HIGH', normal: 'MEDIUM', low: 'LOW' } },
  },
  calls: activity('hs_call_title', 'hs_call_body'),
  emails: activity('hs_email_subject', 'hs_email_text'),
  meetings: activity('hs_meeting_title', 'hs_meeting_body'),
  notes: activity(undefined, 'hs_note_body'),
};
