/**
 * Idempotent creates: every record crmsync creates carries a marker the app keeps, so a create whose
 * answer was lost (a 5xx, a dropped connection, a crash) is looked up before it is sent again. A
 * side that receives creates and has no place for the marker is a risk the user should know about:
 * a warning, since crmsync still works (match keys still find many such records).
 */
import { createMarker } from '../compile.js';
import type { SideName } from '../model.js';
import { resolveSide } from '../resolve.js';
import { fieldOf, type Rule } from '../context.js';

export const createMarkersKept: Rule = (ctx, report) => {
  for (const entry of ctx.syncs) {
    const { sync, file } = entry;
    if (sync.enabled === false) continue;
    // The sides records are created in: both for two-way, the other one for one-way.
    const into: SideName[] =
      sync.direction === 'one-way' ? (sync.from === sync.left.connection ? ['right'] : sync.from === sync.right.connection ? ['left'] : []) : ['left', 'right'];
    for (const side of into) {
      const resolved = resolveSide(ctx, entry, side);
      if (!resolved?.object) continue;
      const marker = createMarker(resolved.entry, sync[side].marker_property);
      // An app that cannot create the field (Salesforce) must have it: checked against the app's own catalogue.
      if (marker.kind === 'field' && !resolved.entry.capabilities.createFields && resolved.info.authoritative && resolved.info.catalogue) {
        // Checked against the org's own describe (plan): the field must exist for the marker to be kept.
        const field =
          fieldOf(resolved.info.catalogue, marker.field) ?? resolved.info.catalogue.fields.find((f) => f.name.toLowerCase() === marker.field.toLowerCase());
        if (!field || field.unsyncable) {
          report(
            file,
            ['sync', side, 'marker_property'],
            'unknown-field',
            `${resolved.entry.label} ${resolved.object} has no field \`${marker.field}\` to keep the idempotency marker in`,
            `create an External ID text field (unique) named ${marker.field} on ${resolved.object}, visible and editable for the API user, or point marker_property at one`,
          );
        } else if (!field.externalId) {
          report(
            file,
            ['sync', side, 'marker_property'],
            'no-create-marker',
            `\`${marker.field}\` on ${resolved.entry.label} ${resolved.object} is not an External ID field: creates cannot be upserts on it, so a create whose answer is lost is only found by a query`,
            `mark ${marker.field} as External ID (and unique) in ${resolved.entry.label}'s field settings`,
            { severity: 'warning' },
          );
        }
      }
      if (marker.kind !== 'none') continue;
      const where = `\`${resolved.connection}\` (${resolved.app} ${resolved.object})`;
      report(
        file,
        sync[side].marker_property === false ? ['sync', side, 'marker_property'] : ['sync', side],
        'no-create-marker',
        `records this sync creates in ${where} carry no idempotency marker: a create whose answer is lost (a server error, a dropped connection, a crash) cannot be confirmed, so it waits for a match-key lookup or, without a match key, may be created twice`,
        marker.reason === 'disabled'
          ? 'remove `marker_property: false` to let crmsync keep a marker on each record it creates'
          : `add an External ID text field (unique, e.g. Crmsync_Marker__c) to ${resolved.object} in Salesforce and set \`marker_property: Crmsync_Marker__c\` on this side; creates then become upserts on it`,
        { key: sync[side].marker_property !== false, severity: 'warning' },
      );
    }
  }
};
