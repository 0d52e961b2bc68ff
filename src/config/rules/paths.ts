/**
 * The files a configuration names must be usable: the state and local stores are files crmsync
 * can create or replace, the secrets file is an existing file. Caught by `validate`, located.
 */
import { entryOf } from '../../connectors/app-entry.js';
import type { Path, RuleContext, Report, Rule } from '../context.js';
import type { PathKind } from '../paths.js';
import type { SourceFile } from '../source.js';

const WHY: Partial<Record<PathKind, string>> = {
  directory: 'is a directory',
  special: 'is a device, pipe or socket, not a regular file',
  system: 'is under /proc, /sys or /dev, which hold kernel files, not data',
  'parent-not-directory': 'is inside something that is a file, not a folder',
  inaccessible: 'cannot be accessed (permission denied)',
};

function check(ctx: RuleContext, report: Report, file: SourceFile, path: Path, value: string, what: string, hint: string, mustExist: boolean): void {
  const kind = ctx.paths(value);
  const why = kind === 'missing' && mustExist ? 'does not exist' : WHY[kind];
  if (why) report(file, path, 'path-unusable', `${what} \`${value}\` ${why}`, hint);
}

const isPostgresUrl = (v: string) => /^postgres(ql)?:\/\//.test(v);

export const pathsUsable: Rule = (ctx, report) => {
  for (const { settings, file } of ctx.settings) {
    // A PostgreSQL URL or a reference is not a path: the state backend checks it when it connects.
    if (typeof settings.state === 'string' && !isPostgresUrl(settings.state)) {
      check(
        ctx,
        report,
        file,
        ['settings', 'state'],
        settings.state,
        'the state file',
        'name a JSON file in a writable folder, e.g. .crmsync/state.json',
        false,
      );
    }
    if (settings.secrets_file !== undefined) {
      check(
        ctx,
        report,
        file,
        ['settings', 'secrets_file'],
        settings.secrets_file,
        'the secrets file',
        'create it with KEY=value lines, or fix the path (relative to the project folder)',
        true,
      );
    }
  }
  for (const [name, entries] of ctx.connections) {
    for (const { config, file } of entries) {
      // Apps that keep their data beside the project (the local store) name its file in `path`.
      if (!entryOf(ctx.apps, config?.app)?.storedCatalogues || typeof (config as { path?: unknown }).path !== 'string') continue;
      check(
        ctx,
        report,
        file,
        ['connections', name, 'path'],
        (config as { path: string }).path,
        `the local store of \`${name}\``,
        'name a JSON file in a writable folder, e.g. .crmsync/local/crm.json; it is created when missing',
        false,
      );
    }
  }
};
