/**
 * HubSpot's engagement (activity) objects' standard properties: tasks, notes, meetings, calls and
 * emails, as HubSpot's engagement API guides list them. Every engagement has `hs_timestamp` (when
 * the activity happened, or a task's due date), which HubSpot requires on create: without it the
 * answer is 400 "Error creating TASK. Some required properties were not set.".
 * Only types are imported from standard-properties.ts, which spreads this table into its own (and
 * builds its properties with `p` from here).
 */
import type { HubSpotFieldType, HubSpotPropertyType, PropertySpec } from './standard-properties.js';

/** A property spec, in the order HubSpot's property listings give its parts. */
export function p(
  name: string,
  label: string,
  type: HubSpotPropertyType,
  fieldType: HubSpotFieldType,
  groupName: string,
  extra: Partial<PropertySpec> = {},
): PropertySpec {
  return { name, label, type, fieldType, groupName, ...extra };
}
const select = (name: string, label: string, group: string, options: string[]) => p(name, label, 'enumeration', 'select', group, { options });
const datetime = (name: string, label: string, group: string) => p(name, label, 'datetime', 'date', group);

/** What every engagement shares: its time, its owner and the system properties (hs_createdate, not createdate). */
const COMMON: PropertySpec[] = [
  p('hs_timestamp', 'Activity date', 'datetime', 'date', 'engagement', { required: true }),
  p('hubspot_owner_id', 'Activity assigned to', 'enumeration', 'select', 'engagement', { referencedObjectType: 'OWNER' }),
  p('hs_createdate', 'Create date', 'datetime', 'date', 'system', { readOnly: true }),
  p('hs_lastmodifieddate', 'Last modified date', 'datetime', 'date', 'system', { readOnly: true }),
  p('hs_object_id', 'Record ID', 'number', 'number', 'system', { readOnly: true }),
];

const TASKS: PropertySpec[] = [
  p('hs_task_subject', 'Task Title', 'string', 'text', 'task'),
  p('hs_task_body', 'Task notes', 'string', 'textarea', 'task'),
  select('hs_task_status', 'Task Status', 'task', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']),
  select('hs_task_priority', 'Priority', 'task', ['LOW', 'MEDIUM', 'HIGH', 'NONE']),
  select('hs_task_type', 'Task Type', 'task', ['CALL', 'EMAIL', 'TODO']),
  datetime('hs_task_completion_date', 'Completed at', 'task'),
  ...COMMON,
];

const NOTES: PropertySpec[] = [p('hs_note_body', 'Note body', 'string', 'textarea', 'note'), ...COMMON];

const MEETINGS: PropertySpec[] = [
  p('hs_meeting_title', 'Meeting name', 'string', 'text', 'meeting'),
  p('hs_meeting_body', 'Meeting description', 'string', 'textarea', 'meeting'),
  datetime('hs_meeting_start_time', 'Start time', 'meeting'),
  datetime('hs_meeting_end_time', 'End time', 'meeting'),
  select('hs_meeting_outcome', 'Meeting outcome', 'meeting', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']),
  ...COMMON,
];

const CALLS: PropertySpec[] = [
  p('hs_call_title', 'Call Title', 'string', 'text', 'call'),
  p('hs_call_body', 'Call notes', 'string', 'textarea', 'call'),
  // Milliseconds, as HubSpot's calls guide states.
  p('hs_call_duration', 'Call duration', 'number', 'number', 'call'),
  select('hs_call_direction', 'Call direction', 'call', ['INBOUND', 'OUTBOUND']),
  select('hs_call_status', 'Call status', 'call', [
    'BUSY',
    'CALLING_CRM_USER',
    'CANCELED',
    'COMPLETED',
    'CONNECTING',
    'FAILED',
    'IN_PROGRESS',
    'NO_ANSWER',
    'QUEUED',
    'RINGING',
  ]),
  ...COMMON,
];

const EMAILS: PropertySpec[] = [
  p('hs_email_subject', 'Email subject', 'string', 'text', 'email'),
  p('hs_email_text', 'Email body', 'string', 'textarea', 'email'),
  select('hs_email_direction', 'Email direction', 'email', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']),
  select('hs_email_status', 'Email send status', 'email', ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']),
  ...COMMON,
];

/** The engagement objects' properties by object name. */
export const ENGAGEMENT_PROPERTIES: Record<string, PropertySpec[]> = { tasks: TASKS, notes: NOTES, meetings: MEETINGS, calls: CALLS, emails: EMAILS };

/** Words a free-text search matches in, per engagement (the emulator's `query`). */
export const ENGAGEMENT_QUERY_PROPERTIES: Record<string, string[]> = {
  tasks: ['hs_task_subject', 'hs_task_body'],
  notes: ['hs_note_body'],
  meetings: ['hs_meeting_title', 'hs_meeting_body'],
  calls: ['hs_call_title', 'hs_call_body'],
  emails: ['hs_email_subject', 'hs_email_text'],
};
