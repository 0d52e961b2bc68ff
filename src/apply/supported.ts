/**
 * Every op runs or the plan is refused: an op whose connector lacks the method it needs (a field
 * to create in an app that cannot, an association in an app without them) is an error when the
 * plan is made and again before an apply writes anything, never an op skipped in silence.
 */
import type { Connector } from '../connectors/types.js';
import { CrmsyncError } from '../errors.js';
import type { Op, OpType } from '../plan/types.js';

/** The optional connector method each op type needs; the others need only read and write. */
const NEEDS = {
  'create-field': { method: 'createField', what: 'create fields', hint: 'create the field in the app, or switch create_missing_properties off' },
  associate: { method: 'associate', what: 'add associations', hint: 'remove the associations of this sync, or sync them with an app that has associations' },
} as const satisfies Partial<Record<OpType, { method: keyof Connector; what: string; hint: string }>>;

/** The ops whose connector lacks the method they need. Pure. */
export function unsupportedOps(ops: readonly Op[], connectors: Readonly<Record<string, Pick<Connector, 'createField' | 'associate'>>>): Op[] {
  return ops.filter((op) => {
    const need = Object.hasOwn(NEEDS, op.type) ? NEEDS[op.type as keyof typeof NEEDS] : undefined;
    if (!need || !('connection' in op)) return false;
    return typeof connectors[op.connection]?.[need.method] !== 'function';
  });
}

/** Throws `plan-unsupported`, naming the first such op, its connection and how many there are. */
export function assertSupported(ops: readonly Op[], connectors: Readonly<Record<string, Pick<Connector, 'createField' | 'associate'>>>): void {
  const bad = unsupportedOps(ops, connectors);
  const first = bad[0];
  if (!first || !('connection' in first)) return;
  const need = NEEDS[first.type as keyof typeof NEEDS];
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more op(s) it cannot run)` : '';
  throw new CrmsyncError(
    'plan-unsupported',
    `${first.source.file}:${first.source.line}:${first.source.col}: sync ${first.sync} plans op ${first.id}, but connection ${first.connection} cannot ${need.what}${more}`,
    need.hint,
  );
}
