/**
 * R9: activities between Salesforce and HubSpot. A task created in Salesforce creates a task in
 * HubSpot; HubSpot's timeline activities (calls, emails, meetings, notes) become Salesforce tasks
 * of a chosen type. Neither flows back, so both are one way.
 */
import { didYouMean } from '../closest.js';
import { connectionNamed, fieldOf, type Rule } from '../context.js';
import type { SourceFile } from '../source.js';

export const activitiesOneWay: Rule = (ctx, report) => {
  const misplaced = (file: SourceFile) =>
    report(
      file,
      ['sync', 'task_type'],
      'option-not-supported',
      '`task_type` sets the type of Salesforce tasks created from HubSpot calls, emails, meetings or notes',
      'R9: remove it, or use it on a tasks sync from a HubSpot activity object into Salesforce Task',
      { key: true },
    );
  for (const { sync, file } of ctx.syncs) {
    if (sync.object !== 'tasks') {
      if (sync.task_type !== undefined) {
        misplaced(file);
      }
      continue;
    }
    const sides = (['left', 'right'] as const).map((side) => {
      const conn = connectionNamed(ctx, sync[side].connection);
      return conn && { side, conn, object: sync[side].object ?? conn.entry.objects.tasks?.[0] };
    });
    // R9: the app with timeline activities (HubSpot) and the app whose tasks receive them (Salesforce).
    const sf = sides.find((s) => s?.conn.entry.capabilities.activityTasks);
    const hs = sides.find((s) => s?.conn.entry.capabilities.activities);
    const activity = hs?.object !== undefined && !!hs.conn.entry.capabilities.activities?.includes(hs.object);
    if (sf && hs) {
      const source = activity ? hs : sf;
      if (sync.direction !== 'one-way' || (sync.from !== undefined && sync.from !== source.conn.name)) {
        report(
          file,
          ['sync', 'direction'],
          'activity-direction',
          activity ? `HubSpot ${hs.object} sync one way, into Salesforce as tasks` : 'Salesforce tasks sync one way, into HubSpot',
          `R9: set \`direction: one-way\` and \`from: ${source.conn.name}\``,
        );
      }
    }
    if (sync.task_type === undefined) continue;
    // A side whose connection is undeclared has its own error; do not blame task_type for it.
    if (sides.some((s) => !s)) continue;
    if (!sf || !hs || !activity) {
      misplaced(file);
      continue;
    }
    // The allowed types are the org's Task.Type picklist.
    const options = fieldOf(ctx.catalogues(sf.conn.name, sf.conn.app, sf.object!).catalogue, 'Type')?.options;
    if (options?.length && !options.includes(sync.task_type)) {
      report(
        file,
        ['sync', 'task_type'],
        'invalid-value',
        `\`${sync.task_type}\` is not a Salesforce task type`,
        didYouMean(sync.task_type, options) ?? `use one of: ${options.join(', ')}`,
      );
    }
  }
};
