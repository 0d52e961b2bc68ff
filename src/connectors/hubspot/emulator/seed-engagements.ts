/**
 * Generated engagement records for seeding: the kinds take turns (task, call, email, meeting, note),
 * each about one seeded contact, with values that depend only on the index so seeds repeat exactly.
 * Activity times lie in the seed's past, an hour apart.
 */
import { ENGAGEMENT_TYPE_IDS } from '../limits.js';

/** The engagement kinds in the order seeding cycles through them. */
export const SEEDED_ENGAGEMENTS = ['tasks', 'calls', 'emails', 'meetings', 'notes'] as const;
type Kind = (typeof SEEDED_ENGAGEMENTS)[number];

/** Enough of a contact to write about. */
export interface EngagementSubject {
  firstname?: string;
  lastname?: string;
}

const TASK_STATUS = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'];
const TASK_PRIORITY = ['LOW', 'MEDIUM', 'HIGH', 'NONE'];
const TASK_TYPE = ['CALL', 'EMAIL', 'TODO'];
const CALL_STATUS = ['COMPLETED', 'NO_ANSWER', 'BUSY', 'COMPLETED'];
const MEETING_OUTCOME = ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'];
const HOUR = 3_600_000;

const pick = (list: string[], i: number) => list[i % list.length]!;

/** The object type id and property values of seeded engagement `i`; its activity time is `epoch` plus i hours. */
export function seededEngagement(i: number, epoch: number, who: EngagementSubject | undefined): { objectTypeId: string; values: Record<string, string> } {
  const at = epoch + i * HOUR;
  const kind: Kind = SEEDED_ENGAGEMENTS[i % SEEDED_ENGAGEMENTS.length]!;
  const name = [who?.firstname, who?.lastname].filter(Boolean).join(' ') || 'a prospect';
  const n = Math.floor(i / SEEDED_ENGAGEMENTS.length);
  const hs_timestamp = new Date(at).toISOString();
  const values: Record<Kind, () => Record<string, string>> = {
    tasks: () => ({
      hs_task_subject: `Follow up with ${name}`,
      hs_task_body: `Send ${name} the proposal and confirm next steps.`,
      hs_task_status: pick(TASK_STATUS, n),
      hs_task_priority: pick(TASK_PRIORITY, n),
      hs_task_type: pick(TASK_TYPE, n),
      hs_timestamp,
    }),
    calls: () => ({
      hs_call_title: `Call with ${name}`,
      hs_call_body: `Discussed requirements and timeline with ${name}.`,
      hs_call_duration: String(60_000 * ((n % 30) + 1)),
      hs_call_direction: n % 2 ? 'INBOUND' : 'OUTBOUND',
      hs_call_status: pick(CALL_STATUS, n),
      hs_timestamp,
    }),
    emails: () => ({
      hs_email_subject: `Introduction: ${name}`,
      hs_email_text: `Hi ${name}, thanks for your time today.`,
      hs_email_direction: n % 3 === 2 ? 'INCOMING_EMAIL' : 'EMAIL',
      hs_email_status: 'SENT',
      hs_timestamp,
    }),
    meetings: () => ({
      hs_meeting_title: `Demo for ${name}`,
      hs_meeting_body: `Product walkthrough with ${name}.`,
      hs_meeting_start_time: hs_timestamp,
      hs_meeting_end_time: new Date(at + HOUR / 2).toISOString(),
      hs_meeting_outcome: pick(MEETING_OUTCOME, n),
      hs_timestamp,
    }),
    notes: () => ({ hs_note_body: `${name} prefers email over phone calls.`, hs_timestamp }),
  };
  return { objectTypeId: ENGAGEMENT_TYPE_IDS[kind]!, values: values[kind]() };
}
