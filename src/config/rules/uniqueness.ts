/** Names that must be unique across all files: connections, syncs, and the one settings block. */
import type { Rule } from '../context.js';

export const connectionsUnique: Rule = (ctx, report) => {
  for (const [name, entries] of ctx.connections) {
    for (const dup of entries.slice(1)) {
      report(
        dup.file,
        ['connections', name],
        'duplicate-connection',
        `connection \`${name}\` is also declared in ${entries[0]!.file.path}`,
        'give one of them another name; a sync refers to connections by name (R1)',
        { key: true },
      );
    }
  }
};

export const syncNamesUnique: Rule = (ctx, report) => {
  const seen = new Map<string, string>();
  for (const { sync, file } of ctx.syncs) {
    const first = seen.get(sync.name);
    if (first)
      report(
        file,
        ['sync', 'name'],
        'duplicate-sync',
        `sync name \`${sync.name}\` is already used in ${first}`,
        'rename one of them; the state file keys links by sync name',
      );
    else seen.set(sync.name, file.path);
  }
};

export const settingsOnce: Rule = (ctx, report) => {
  for (const dup of ctx.settings.slice(1)) {
    report(
      dup.file,
      ['settings'],
      'duplicate-settings',
      `settings are already given in ${ctx.settings[0]!.file.path}`,
      'keep one `settings:` block for the project',
      { key: true },
    );
  }
};
