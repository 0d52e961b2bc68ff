/**
 * The decision for one mapped field of one linked pair, three-way: each app's current value
 * against its own base (its value at the last sync). Pure.
 *
 * - Only one app changed since the last sync: its value flows to the other (R10).
 * - Both changed to the same value, or they already agree: nothing to write (not a conflict).
 * - Neither changed since the last sync, yet they differ: a divergence an earlier run kept on
 *   purpose (a blank that never wipes, R12; a one-way target's own edit, R13). Nothing to write, and
 *   it stays that way whatever the timing of the reads: it is not a conflict.
 * - Both changed to different values, or the pair has no base yet (initial sync, R3/R24): a
 *   conflict, resolved by the field's sync type (R11-R14).
 * - The direction always wins over the conflict rule: nothing is written into a one-way source (R13).
 */
import type { CompiledField, Direction, SideName } from '../config/model.js';
import { other } from '../config/model.js';
import type { Reason } from './types.js';
import { isBlank, sameCanon, type Canon } from './values.js';

export interface FieldInputs {
  current: Record<SideName, Canon>;
  base: Record<SideName, Canon | undefined>;
  /** Record modification times (ms), for the two-way "most recent wins" type. */
  modified: Record<SideName, number | undefined>;
}

export type Decision = { kind: 'equal' } | { kind: 'write'; into: SideName; value: Canon; reason: Reason } | { kind: 'keep'; reason: Reason };

const writable = (direction: Direction, into: SideName) => direction === 'two-way' || (direction === 'left-to-right' ? into === 'right' : into === 'left');

export function decideField(
  field: CompiledField,
  direction: Direction,
  skewMs: number,
  winner: SideName,
  input: FieldInputs,
  names: Record<SideName, string> = { left: 'left', right: 'right' },
): Decision {
  const { current, base } = input;
  if (field.sync === 'none') return { kind: 'keep', reason: { rule: 'R14', message: 'field is not synced (sync: none)' } };
  if (sameCanon(current.left, current.right)) return { kind: 'equal' };

  const write = (into: SideName, reason: Reason): Decision => {
    const value = current[other(into)];
    if (!writable(direction, into)) {
      return { kind: 'keep', reason: { rule: 'R13', message: `not written: ${names[into]} is the source of this one-way sync` } };
    }
    // R12: under `prefer`, a blank never wipes a value in the other app.
    if (field.sync === 'prefer' && isBlank(value)) {
      return { kind: 'keep', reason: { rule: 'R12', message: `${names[other(into)]} is blank; a blank never overwrites a value under \`prefer\`` } };
    }
    return { kind: 'write', into, value, reason };
  };

  // `always X`: X's value is the truth, blank included; the other app's edits never flow back (R14).
  if (field.sync === 'always') {
    const into = other(field.prefer);
    return write(into, { rule: 'R14', message: `always use ${names[field.prefer]}'s value` });
  }

  const hasBase = base.left !== undefined && base.right !== undefined;
  const changedL = !hasBase || !sameCanon(current.left, base.left!);
  const changedR = !hasBase || !sameCanon(current.right, base.right!);
  if (hasBase && !changedL && !changedR) {
    const blank = isBlank(current.left) || isBlank(current.right);
    return { kind: 'keep', reason: { rule: blank ? 'R12' : 'R13', message: 'neither app changed it since the last sync; the apps differ on purpose' } };
  }
  if (hasBase && changedL !== changedR) {
    const from: SideName = changedL ? 'left' : 'right';
    return write(other(from), { rule: 'R10', message: `changed in ${names[from]} since the last sync` });
  }

  // A conflict, or the first sync of this pair.
  const why = hasBase ? 'both apps changed it since the last sync' : 'the apps disagree at the first sync';
  if (field.sync === 'two-way') {
    const tl = input.modified.left;
    const tr = input.modified.right;
    if (tl !== undefined && tr !== undefined && Math.abs(tl - tr) > skewMs) {
      const newer: SideName = tl > tr ? 'left' : 'right';
      return write(other(newer), { rule: 'R14', message: `${why}; the most recent change (${names[newer]}) wins` });
    }
    return write(other(winner), { rule: 'R11', message: `${why} within the clock-skew tolerance; the default app (${names[winner]}) wins` });
  }
  // prefer X: X wins unless X is blank, then the other app's value fills it (R11, R12).
  const preferred = field.prefer;
  if (isBlank(current[preferred])) {
    return write(preferred, { rule: 'R12', message: `${why}; ${names[preferred]} is blank, so ${names[other(preferred)]}'s value is kept and copied` });
  }
  return write(other(preferred), { rule: 'R11', message: `${why}; the preferred app (${names[preferred]}) wins` });
}
