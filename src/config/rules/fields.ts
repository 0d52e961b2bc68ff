/**
 * Field mappings: every field exists and can be synced (R17), values can flow between the two
 * types (R15), nothing is written to a read-only field or to a one-way source (R13), required
 * fields stay mapped (R7, R15), and filters and match keys name real fields.
 */
import { didYouMean } from '../closest.js';
import { canFlow } from '../compat.js';
import { fieldOf, type Path, type RuleContext, type Report, type Rule, type SyncEntry } from '../context.js';
import type { SideName } from '../model.js';
import { effectiveFields, resolveSide, type EffectiveField, type ResolvedSide } from '../resolve.js';

/** The sides values flow into for one mapping. */
export function flowsInto(entry: SyncEntry, f: Pick<EffectiveField, 'sync' | 'enabled'>): SideName[] {
  if (!f.enabled || f.sync === 'none') return [];
  const { direction, from, left } = entry.sync;
  if (direction === 'one-way') return from === left.connection ? ['right'] : ['left'];
  return ['left', 'right'];
}

function checkFieldExists(report: Report, entry: SyncEntry, side: ResolvedSide, name: string, path: Path, provision = false): boolean {
  const catalogue = side.info.catalogue;
  if (!catalogue || side.object === undefined) return false;
  const def = fieldOf(catalogue, name);
  if (!def && provision && entry.sync.create_missing_properties && side.entry.capabilities.createFields) {
    // R16: the plan creates it, with the type of the field it is mapped to.
    report(
      entry.file,
      path,
      'unknown-field',
      `${side.entry.label} ${side.object} has no property \`${name}\`; the plan will create it (create_missing_properties)`,
      undefined,
      { severity: 'warning' },
    );
    return false;
  }
  if (!def) {
    // R17: an app with no syncable custom fields (Google) has its built-in catalogue as the whole
    // truth: an unknown field is an error now, not a warning left for the live check at plan time.
    const authoritative = side.info.authoritative || side.entry.capabilities.completeCatalogue;
    const names = catalogue.fields.map((f) => f.name);
    const custom =
      (authoritative ? '' : ` If it is a custom ${side.app} field, it is checked against the live app when you plan.`) +
      (side.entry.capabilities.createFields ? ' Or set `create_missing_properties: true` to create it (R16).' : '');
    report(
      entry.file,
      path,
      'unknown-field',
      `${side.app} ${side.object} has no field \`${name}\``,
      (didYouMean(name, names) ?? `fields include: ${names.slice(0, 8).join(', ')}…`) + custom,
      { severity: authoritative ? 'error' : 'warning' },
    );
    return false;
  }
  if (def.unsyncable) {
    // A Salesforce field hidden by field-level security becomes syncable once the user may see it.
    const hint = side.entry.hints?.hiddenField?.(side.object, def.name) ?? 'remove this mapping (R17)';
    report(entry.file, path, 'unsyncable-field', `${side.app} field \`${name}\` cannot be synced: ${def.unsyncable}`, hint);
    return false;
  }
  return true;
}

function checkMappings(_ctx: RuleContext, report: Report, entry: SyncEntry, left: ResolvedSide, right: ResolvedSide): void {
  const fields = effectiveFields(entry, left, right);
  const sides = { left, right };
  const writers = new Map<string, Path>();
  if (!fields.some((f) => f.enabled && f.sync !== 'none')) {
    report(
      entry.file,
      ['sync'],
      'no-mappings',
      `sync \`${entry.sync.name}\` maps no fields`,
      'list fields under `fields:`, or use `mappings: recommended` with an app pair that has default mappings',
      { key: true },
    );
  }
  for (const f of fields) {
    const okLeft = f.recommended ? !!fieldOf(left.info.catalogue, f.left) : checkFieldExists(report, entry, left, f.left, [...f.path, 'left'], true);
    const okRight = f.recommended ? !!fieldOf(right.info.catalogue, f.right) : checkFieldExists(report, entry, right, f.right, [...f.path, 'right'], true);
    if (f.required && !f.enabled) {
      report(
        entry.file,
        [...f.path, 'enabled'],
        'required-mapping-disabled',
        `the mapping ${f.left} ↔ ${f.right} is required and cannot be switched off`,
        'R15: required mappings stay on; remove `enabled: false`',
      );
    }
    if (entry.sync.direction === 'one-way' && f.sync === 'two-way') {
      report(
        entry.file,
        [...f.path, 'sync'],
        'writes-to-source',
        `a two-way field would write into \`${entry.sync.from}\`, the source of this one-way sync`,
        'R13: nothing is written to a one-way source; use `prefer` or `always`, or make the sync two-way',
      );
    }
    checkAlwaysIntoSource(report, entry, f);
    if (!okLeft || !okRight) continue;
    for (const into of flowsInto(entry, f)) {
      const from = into === 'left' ? 'right' : 'left';
      const target = fieldOf(sides[into].info.catalogue, f[into])!;
      const source = fieldOf(sides[from].info.catalogue, f[from])!;
      const path = f.recommended ? f.path : [...f.path, into];
      if (target.readOnly) {
        report(
          entry.file,
          path,
          'read-only-field',
          `${sides[into].app} field \`${target.name}\` is read-only, but ${f.sync === 'two-way' || entry.sync.direction === 'two-way' ? 'this two-way mapping' : 'this mapping'} writes into it`,
          `map it one-way from ${sides[into].connection}, or set \`sync: none\``,
        );
        continue;
      }
      if (!canFlow(source.type, target.type)) {
        report(
          entry.file,
          path,
          'incompatible-types',
          `${source.type} field \`${source.name}\` cannot be written into ${target.type} field \`${target.name}\``,
          target.type === 'string' || target.type === 'text' ? undefined : `map it one-way into a text field, or choose a ${source.type} field (R15)`,
        );
      }
      const key = `${into}:${target.name}`;
      if (writers.has(key)) {
        report(
          entry.file,
          f.path,
          'duplicate-mapping',
          `two mappings write into ${sides[into].app} field \`${target.name}\``,
          'keep one of them, or switch one off with `enabled: false`',
        );
      } else writers.set(key, f.path);
    }
  }
  // Required fields of an app that receives creates must be mapped (R7, R15).
  for (const side of [left, right]) {
    if (side.object === undefined || !side.info.catalogue) continue;
    const receives = fields.some((f) => flowsInto(entry, f).includes(side.side));
    if (!receives) continue;
    for (const def of side.info.catalogue.fields) {
      if (!def.required || def.readOnly) continue;
      if (!fields.some((f) => f.enabled && f[side.side] === def.name && flowsInto(entry, f).includes(side.side))) {
        report(
          entry.file,
          ['sync', side.side],
          'required-field-unmapped',
          `${side.app} ${side.object} requires \`${def.name}\`, but no mapping fills it`,
          `add a mapping to \`${def.name}\` under \`fields:\`; records cannot be created in ${side.connection} without it`,
        );
      }
    }
  }
}

/**
 * R13, R14: `sync: always` writes the preferred app's value into the other one. In a one-way sync
 * whose preferred app is the target, that other app is the source, which is never written: the
 * field could never sync, so say so now rather than plan nothing forever.
 */
function checkAlwaysIntoSource(report: Report, entry: SyncEntry, f: EffectiveField): void {
  const { sync } = entry;
  if (sync.direction !== 'one-way' || sync.from === undefined || !f.enabled || f.sync !== 'always') return;
  const preferred = f.prefer ?? sync.conflict?.winner ?? sync.left.connection;
  if (preferred === sync.from) return;
  const path = f.prefer !== undefined ? [...f.path, 'prefer'] : f.recommended ? f.path : [...f.path, 'sync'];
  report(
    entry.file,
    path,
    'writes-to-source',
    `\`sync: always\` prefers \`${preferred}\`, so it would write into \`${sync.from}\`, the source of this one-way sync; nothing is written there (R13), so this field can never sync`,
    `set \`prefer: ${sync.from}\` (the source), or use \`sync: prefer\``,
  );
}

function checkFilterAndMatchFields(report: Report, entry: SyncEntry, left: ResolvedSide, right: ResolvedSide): void {
  const sides = { left, right };
  for (const stage of ['initial', 'include'] as const) {
    for (const side of ['left', 'right'] as const) {
      (entry.sync.filters?.[stage]?.[side] ?? []).forEach((c, i) => {
        if (c.op !== 'in-list') checkFieldExists(report, entry, sides[side], c.field, ['sync', 'filters', stage, side, i, 'field']);
        const needsValue = !['exists', 'not-exists'].includes(c.op);
        if (needsValue && c.value === undefined) {
          report(entry.file, ['sync', 'filters', stage, side, i], 'missing-key', `the \`${c.op}\` condition needs a \`value\``, 'add `value:`');
        } else if (
          c.op === 'in-list' &&
          !(typeof c.value === 'string' && c.value.trim()) &&
          !(typeof c.value === 'number' && Number.isInteger(c.value) && c.value > 0)
        ) {
          report(
            entry.file,
            ['sync', 'filters', stage, side, i, 'value'],
            'invalid-value',
            '`in-list` takes one list id',
            "write the list's id, e.g. `value: 123` (R21)",
          );
        }
      });
    }
  }
  const keys = entry.sync.match?.keys;
  if (Array.isArray(keys)) {
    keys.forEach((k, i) => {
      for (const side of ['left', 'right'] as const) {
        const names = Array.isArray(k[side]) ? k[side] : [k[side]];
        names.forEach((name, j) =>
          checkFieldExists(report, entry, sides[side], name, ['sync', 'match', 'keys', i, side, ...(Array.isArray(k[side]) ? [j] : [])]),
        );
      }
      if ((Array.isArray(k.left) ? k.left.length : 1) !== (Array.isArray(k.right) ? k.right.length : 1)) {
        report(
          entry.file,
          ['sync', 'match', 'keys', i],
          'invalid-value',
          'a match key needs as many fields on the left as on the right',
          'list the fields that pair up',
        );
      }
    });
  }
}

export const fieldsValid: Rule = (ctx, report) => {
  for (const entry of ctx.syncs) {
    const left = resolveSide(ctx, entry, 'left');
    const right = resolveSide(ctx, entry, 'right');
    if (!left || !right || left.object === undefined || right.object === undefined) continue;
    checkMappings(ctx, report, entry, left, right);
    checkFilterAndMatchFields(report, entry, left, right);
  }
};
