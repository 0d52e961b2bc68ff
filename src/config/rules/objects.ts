/** Each app must support the sync's object (R6); app-specific options only where the app has them. */
import type { SyncObject } from '../../connectors/app-entry.js';
import { connectionNamed, type Rule } from '../context.js';

export const objectsSupported: Rule = (ctx, report) => {
  for (const { sync, file } of ctx.syncs) {
    for (const side of ['left', 'right'] as const) {
      const conn = connectionNamed(ctx, sync[side].connection);
      if (!conn) continue;
      const names = conn.entry.objects[sync.object as SyncObject];
      if (!names) {
        const supported = Object.keys(conn.entry.objects).join(', ');
        report(
          file,
          ['sync', 'object'],
          'object-not-supported',
          `${conn.app} (connection \`${conn.name}\`) cannot sync ${sync.object}`,
          `R6: ${conn.app} supports ${supported}`,
        );
        continue;
      }
      const object = sync[side].object;
      if (sync.object === 'custom' && object === undefined) {
        report(
          file,
          ['sync', side],
          'missing-object',
          `a custom-object sync must name the ${conn.app} object on its ${side} side`,
          conn.entry.hints?.customObject ?? 'add `object:` with the custom object name',
        );
      } else if (object !== undefined && ctx.catalogues(conn.name, conn.app, object).missing) {
        // The app's own words when it gave some (HubSpot names the custom objects it has).
        const problem = ctx.catalogues(conn.name, conn.app, object).problem;
        report(
          file,
          ['sync', side, 'object'],
          'missing-object',
          problem?.message ?? `${conn.app} has no ${sync.object === 'custom' ? 'custom object' : 'object'} \`${object}\``,
          problem?.hint ?? conn.entry.hints?.missingCustomObject ?? `create it in ${conn.app}, or fix the name`,
        );
      } else if (object !== undefined && names.length && !names.includes(object)) {
        report(
          file,
          ['sync', side, 'object'],
          'object-not-supported',
          `${conn.app} has no ${sync.object} object named \`${object}\``,
          `use one of: ${names.join(', ')}`,
        );
      }
      for (const option of ['folder', 'starred'] as const) {
        if (sync[side][option] !== undefined && !conn.entry.capabilities.folders) {
          report(file, ['sync', side, option], 'option-not-supported', `\`${option}\` is a Google Contacts filter (R20); ${conn.app} has none`, 'remove it', {
            key: true,
          });
        }
      }
    }
    for (const stage of ['initial', 'include'] as const) {
      for (const side of ['left', 'right'] as const) {
        (sync.filters?.[stage]?.[side] ?? []).forEach((c, i) => {
          const conn = connectionNamed(ctx, sync[side].connection);
          if (c.op === 'in-list' && conn && !conn.entry.capabilities.lists) {
            report(
              file,
              ['sync', 'filters', stage, side, i, 'op'],
              'option-not-supported',
              `\`in-list\` tests list membership (R21); ${conn.app} (connection \`${conn.name}\`) has no lists`,
              'use a field condition instead, or put the condition on the side of an app with lists (HubSpot)',
            );
          }
        });
      }
    }
  }
};

/** R7: custom objects flow one way, Salesforce → HubSpot. */
export const customObjectsOneWay: Rule = (ctx, report) => {
  for (const { sync, file } of ctx.syncs) {
    if (sync.object !== 'custom') continue;
    const apps = (['left', 'right'] as const).map((s) => connectionNamed(ctx, sync[s].connection));
    if (!apps[0] || !apps[1]) continue;
    const sf = apps.find((a) => a!.entry.capabilities.customObjects === 'source');
    const hs = apps.find((a) => a!.entry.capabilities.customObjects === 'target');
    if (!sf || !hs) {
      report(
        file,
        ['sync', 'object'],
        'custom-object-direction',
        'a custom-object sync joins a Salesforce object to a HubSpot custom object',
        'R7: point one side at a salesforce connection and the other at a hubspot connection',
      );
    } else if (sync.direction !== 'one-way' || (sync.from !== undefined && sync.from !== sf.name)) {
      report(
        file,
        ['sync', 'direction'],
        'custom-object-direction',
        'custom objects sync one way, from Salesforce to HubSpot',
        `R7: set \`direction: one-way\` and \`from: ${sf.name}\``,
      );
    }
  }
};
