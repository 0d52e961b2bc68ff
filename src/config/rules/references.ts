/** Every connection a sync names must exist and, for winner/from/prefer, be one of its two apps. */
import { didYouMean } from '../closest.js';
import type { Rule } from '../context.js';

export const connectionsExist: Rule = (ctx, report) => {
  const names = [...ctx.connections.keys()];
  for (const { sync, file } of ctx.syncs) {
    for (const side of ['left', 'right'] as const) {
      const name = sync[side].connection;
      if (!ctx.connections.has(name) && !ctx.hidden.anything) {
        report(
          file,
          ['sync', side, 'connection'],
          'unknown-connection',
          `connection \`${name}\` is not declared in any file under syncs/`,
          didYouMean(name, names) ?? `declare it under \`connections:\`${names.length ? ` or use one of: ${names.join(', ')}` : ''}`,
        );
      }
    }
    if (sync.left.connection === sync.right.connection && (sync.left.object ?? '') === (sync.right.object ?? '')) {
      report(
        file,
        ['sync', 'right', 'connection'],
        'same-connection',
        `both sides use connection \`${sync.left.connection}\` and the same object`,
        'a sync joins two apps (R1); point one side at another connection or another object',
      );
    }
  }
};

export const sidesReferenced: Rule = (ctx, report) => {
  for (const { sync, file } of ctx.syncs) {
    const sides = [sync.left.connection, sync.right.connection];
    const check = (value: string | undefined, path: Array<string | number>, what: string, code: 'winner-not-in-sync' | 'from-not-in-sync') => {
      if (value !== undefined && !sides.includes(value)) {
        report(
          file,
          path,
          code,
          `${what} \`${value}\` is not one of this sync's apps (${sides.join(', ')})`,
          didYouMean(value, sides) ?? `use ${sides.join(' or ')}`,
        );
      }
    };
    if (sync.conflict) check(sync.conflict.winner, ['sync', 'conflict', 'winner'], 'the conflict winner', 'winner-not-in-sync');
    if (sync.direction === 'one-way') {
      if (sync.from === undefined) {
        report(
          file,
          ['sync', 'direction'],
          'missing-from',
          'a one-way sync must say which app its records come from',
          `add \`from: ${sides[0]}\` (or ${sides[1]}); nothing is ever written to that app (R13)`,
        );
      }
      check(sync.from, ['sync', 'from'], 'the one-way source', 'from-not-in-sync');
    } else if (sync.from !== undefined) {
      report(file, ['sync', 'from'], 'from-without-one-way', '`from` only applies to a one-way sync', 'set `direction: one-way`, or remove `from`', {
        key: true,
      });
    }
    (sync.fields ?? []).forEach((f, i) => check(f.prefer, ['sync', 'fields', i, 'prefer'], 'the preferred app', 'winner-not-in-sync'));
  }
};

export const associationsExist: Rule = (ctx, report) => {
  const byName = new Map(ctx.syncs.map((s) => [s.sync.name, s.sync]));
  for (const { sync, file } of ctx.syncs) {
    (sync.associations ?? []).forEach((a, i) => {
      const target = byName.get(a.sync);
      const path = ['sync', 'associations', i, 'sync'];
      if (!target) {
        if (ctx.hidden.anything || ctx.hidden.syncs.has(a.sync)) return;
        report(
          file,
          path,
          'unknown-sync',
          `no sync is named \`${a.sync}\``,
          didYouMean(a.sync, byName.keys()) ?? 'R27: associations are kept only between objects that are both synced; add a sync for the associated object',
        );
        return;
      }
      // R9: an activity belongs to the contact (and company, deal) it was logged against.
      const pairs: Record<string, string[]> = { contacts: ['companies'], deals: ['companies', 'contacts'], tasks: ['contacts', 'companies', 'deals'] };
      const sameApps = [target.left.connection, target.right.connection].sort().join() === [sync.left.connection, sync.right.connection].sort().join();
      if (!pairs[sync.object]?.includes(target.object)) {
        report(
          file,
          path,
          'association-not-supported',
          `${sync.object} cannot be associated with ${target.object}`,
          'supported: contacts → companies, deals → companies, deals → contacts, tasks → contacts, companies or deals (R27, R9)',
        );
      } else if (!sameApps) {
        report(
          file,
          path,
          'association-not-supported',
          `sync \`${a.sync}\` joins other connections than this one`,
          'both syncs must join the same two connections for their records to be associated',
        );
      }
    });
  }
};
