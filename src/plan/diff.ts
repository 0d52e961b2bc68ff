/**
 * One sync's plan, from what both apps hold now and the state of the last sync. Pure: no clients,
 * no clock (the caller passes `now`), no file system.
 *
 * 1. Linked pairs: three-way field decisions (decide.ts), deletes (R30), dynamic filters (R21).
 * 2. Unlinked records: filters (R18-R21), matching (R24-R26), then creates where the direction
 *    allows (R10, R13).
 */
import type { CompiledField, CompiledSync, SideName } from '../config/model.js';
import { other, SIDES } from '../config/model.js';
import type { ConnectorError, Fields, RemoteRecord } from '../connectors/types.js';
import { mirroredNames } from '../state/lazy-links.js';
import type { FailureState, LinkState, SyncState } from '../state/types.js';
import { decideField } from './decide.js';
import { excludedBeforeLink, excludedNow, outsideLists, type Exclusion } from './filters.js';
import { matchRecords } from './match.js';
import type { BasePatch, CreateOp, Finding, Op, Reason, SyncSummary } from './types.js';
import { canonical, fieldOf, fromCanon, sameCanon, type toTarget, type Canon } from './values.js';

export interface SideSnapshot {
  records: RemoteRecord[];
  /** False when the read was cut short: nothing is deleted on its strength (R30). */
  complete: boolean;
  mode: 'full' | 'incremental';
  /** Why the read is incomplete, when it is. */
  error?: ConnectorError;
  /**
   * Members of the lists this side's `in-list` filters name, by list id, read in full this run
   * (R21). Read records carry theirs in `meta.lists`; a linked record no read returned is checked
   * against these.
   */
  lists?: Record<string, ReadonlySet<string>>;
}

export interface DiffInput {
  sync: CompiledSync;
  state: SyncState;
  left: SideSnapshot;
  right: SideSnapshot;
  /** ISO time of this plan. */
  now: string;
  /** `crmsync import` (R8): bring records that predate a changes-only sync too. */
  importAll?: boolean;
  /**
   * Records another sync of the project already links to a record in this sync's other app: a
   * Salesforce task made from a HubSpot call (R9), say. They are never created there again.
   */
  linkedElsewhere?: Record<SideName, ReadonlySet<string>>;
  /**
   * R23: this import brings Salesforce contacts with their email only, inclusion filter or not; the
   * next run fills the rest for those inside the filter, and the others keep blank properties.
   */
  emailFirst?: boolean;
  /** `apply --retry-failed` (R31): every failed record is tried again now, backoff or not. */
  retryFailed?: boolean;
}

/**
 * Where each record read stands in this plan (for the accounting, R31): every live record read is
 * in exactly one of these.
 */
export type Planned = 'linked' | 'link' | 'create' | 'excluded' | 'waiting' | 'failed' | 'deleted' | 'linked-elsewhere';

export interface DiffOutput {
  ops: Op[];
  findings: Finding[];
  /** The sync's summary; its counts are derived from the whole plan's ops afterwards (countOps). */
  summary: Omit<SyncSummary, 'counts'>;
  /** Per side, every live record read and where the plan puts it. */
  records: Record<SideName, Map<string, Planned>>;
}

const writable = (sync: CompiledSync, into: SideName) =>
  sync.direction === 'two-way' || (sync.direction === 'left-to-right' ? into === 'right' : into === 'left');

/** Canonical values of every mapped field of one record. */
function canonOf(sync: CompiledSync, side: SideName, record: RemoteRecord): Record<string, Canon> {
  const out: Record<string, Canon> = {};
  for (const f of sync.fields) out[f[side]] = canonical(f, fieldOf(record.fields, f[side]), side);
  return out;
}

export function diffSync(input: DiffInput): DiffOutput {
  const { sync, state } = input;
  const ops: Op[] = [];
  const findings: Finding[] = [];
  const snap = { left: input.left, right: input.right };
  const byId = {
    left: new Map(input.left.records.map((r) => [r.id, r])),
    right: new Map(input.right.records.map((r) => [r.id, r])),
  };
  const excluded = { left: 0, right: 0 };
  const waitingCount = { left: 0, right: 0 };
  const records = { left: new Map<string, Planned>(), right: new Map<string, Planned>() };
  const put = (side: SideName, id: string | undefined, where: Planned) => {
    if (id !== undefined && byId[side].has(id) && !byId[side].get(id)!.deleted) records[side].set(id, where);
  };
  let inSync = 0;
  let unread = 0;
  /** Linked pairs with nothing to write whose apps still differ on purpose (R12, R13). */
  let diverged = 0;
  /** Records read this run that a link holds (only read records are ever looked up here). */
  const linkedIds = { left: new Set<string>(), right: new Set<string>() };
  const linkedRead = (side: SideName, id: string) => {
    if (byId[side].has(id)) linkedIds[side].add(id);
  };
  const names = { left: sync.left.connection, right: sync.right.connection };
  let needsFullRead = false;
  const ms = (r: RemoteRecord | undefined) => (r?.modifiedAt ? Date.parse(r.modifiedAt) : undefined);
  const waiting = waitingFailures(input, byId, ms);
  const wait = (side: SideName, id: string) => waiting.has(`${side}:${id}`);
  // Every record waiting out its backoff is listed, whether or not this read returned it.
  for (const f of waiting.values()) {
    findings.push({
      sync: sync.name,
      side: f.side,
      recordId: f.id,
      kind: 'failed-earlier',
      category: f.category,
      rule: 'R31',
      message: `failed ${f.attempts} time(s) (${f.code}); next attempt after ${f.retryAfter}, or as soon as it changes in its app`,
      hint: `${f.hint ? `${f.hint}; ` : ''}crmsync apply --retry-failed tries every failed record now`,
    });
  }

  /**
   * Field decisions for a pair. Each update op carries the base values of exactly the fields it
   * writes, so a failed write never records a value the app does not hold; the fields it does not
   * write are returned as `rest` for a link or rebase op.
   */
  const reconcile = (
    pair: { left: string; right: string },
    recs: Record<SideName, RemoteRecord>,
    base: LinkState['base'] | undefined,
    why: string,
  ): BasePatch => {
    const link = { left: pair.left, right: pair.right }; // the pair only: an op never carries the stored link's base
    const current = { left: canonOf(sync, 'left', recs.left), right: canonOf(sync, 'right', recs.right) };
    const rest: BasePatch = { left: {}, right: {} };
    const changes = { left: [] as CreateOpChange[], right: [] as CreateOpChange[] };
    for (const f of sync.fields) {
      const d = decideField(
        f,
        sync.direction,
        sync.clockSkewMs,
        sync.winner,
        {
          current: { left: current.left[f.left]!, right: current.right[f.right]! },
          base: { left: base?.left[f.left], right: base?.right[f.right] },
          modified: { left: ms(recs.left), right: ms(recs.right) },
        },
        names,
      );
      if (d.kind === 'write') {
        changes[d.into].push({
          field: f,
          canon: d.value,
          value: fromCanon(f, d.value, d.into),
          old: fieldOf(recs[d.into].fields, f[d.into]) ?? null,
          reason: d.reason,
        });
      } else {
        rest.left[f.left] = current.left[f.left]!;
        rest.right[f.right] = current.right[f.right]!;
      }
    }
    for (const side of SIDES) {
      if (!changes[side].length) continue;
      const patch: BasePatch = { left: {}, right: {} };
      for (const c of changes[side]) {
        patch[side][c.field[side]] = c.canon;
        patch[other(side)][c.field[other(side)]] = c.canon;
      }
      ops.push({
        id: `${sync.name}/update/${side}/${recs[side].id}`,
        type: 'update',
        sync: sync.name,
        side,
        connection: sync[side].connection,
        object: sync[side].object,
        recordId: recs[side].id,
        link,
        changes: changes[side].map((c) => ({ field: c.field[side], old: c.old, new: c.value, reason: c.reason, source: c.field.source })),
        base: patch,
        reason: { rule: changes[side][0]!.reason.rule, message: `${why}: ${changes[side].length} field(s) to update in ${sync[side].connection}` },
        source: sync.source,
      });
    }
    if (base) {
      const stale =
        Object.entries(rest.left).some(([k, v]) => !sameCanon(base.left[k] ?? null, v) || base.left[k] === undefined) ||
        Object.entries(rest.right).some(([k, v]) => !sameCanon(base.right[k] ?? null, v) || base.right[k] === undefined);
      if (stale)
        ops.push({
          id: `${sync.name}/rebase/${link.left}/${link.right}`,
          type: 'rebase',
          sync: sync.name,
          link,
          base: rest,
          reason: { rule: 'R10', message: 'record the values both apps now hold as the new base' },
          source: sync.source,
        });
      if (!changes.left.length && !changes.right.length) {
        inSync++;
        if (differ(sync, rest)) diverged++;
      }
    }
    return rest;
  };

  // Merges and renames: where a record that was linked under an old id lives now.
  const moved = successors(snap);
  // Every linked id, needed only when a record moved; built then, once.
  let claimedIds: Record<SideName, Set<string>> | undefined;
  const claimed = () => (claimedIds ??= { left: new Set(state.links.map((l) => l.left)), right: new Set(state.links.map((l) => l.right)) });
  // An absent record counts as deleted only in a complete full read; list filters check every link.
  const absentGone = { left: snap.left.complete && snap.left.mode === 'full', right: snap.right.complete && snap.right.mode === 'full' };
  const anyLists = !!(snap.left.lists || snap.right.lists);
  const alignment = new Map<object, boolean>();

  // 1. Linked pairs.
  for (const stored of state.links) {
    // A pair neither read returned, nor moved, in incremental reads (most pairs of an incremental
    // run): unchanged since the last sync, as the full path below concludes, without touching its
    // bases unless R12 needs them.
    if (
      !stored.deleted &&
      !anyLists &&
      !absentGone.left &&
      !absentGone.right &&
      !byId.left.has(stored.left) &&
      !byId.right.has(stored.right) &&
      !moved.left.has(stored.left) &&
      !moved.right.has(stored.right)
    ) {
      if (snap.left.complete && snap.right.complete) {
        inSync++;
        if (storedDiffer(sync, stored, alignment)) diverged++;
      } else unread++;
      continue;
    }
    linkedRead('left', stored.left);
    linkedRead('right', stored.right);
    if (stored.deleted) {
      // Deleted in one app, kept in the other (R30): remembered, no longer synced.
      put('left', stored.left, 'deleted');
      put('right', stored.right, 'deleted');
      continue;
    }
    const link = followMerges(sync, stored, { byId, moved, claimed }, ops);
    if (!link) {
      put('left', stored.left, 'deleted');
      put('right', stored.right, 'deleted');
      continue;
    }
    linkedRead('left', link.left);
    linkedRead('right', link.right);
    const recs = { left: byId.left.get(link.left), right: byId.right.get(link.right) };
    const gone = (side: SideName) => (recs[side] === undefined ? snap[side].complete && snap[side].mode === 'full' : recs[side]!.deleted === true);
    const goneL = gone('left');
    const goneR = gone('right');
    if (goneL || goneR) {
      planDelete(sync, link, goneL && goneR ? 'both' : goneL ? 'left' : 'right', { left: snap.left.complete, right: snap.right.complete }, ops);
      put('left', link.left, 'deleted');
      put('right', link.right, 'deleted');
      continue;
    }
    put('left', link.left, 'linked');
    put('right', link.right, 'linked');
    // R21: list membership is known for every linked record, read or not.
    const listOut =
      snap.left.lists || snap.right.lists ? firstExclusion((s) => (recs[s] ? undefined : outsideLists(sync, s, link[s], snap[s].lists))) : undefined;
    if (!listOut) {
      if (!recs.left && !recs.right) {
        // Neither in a complete incremental read: unchanged since the last sync. Missing from an
        // incomplete read, it is unknown, and not reported as in sync.
        if (snap.left.complete && snap.right.complete) {
          inSync++;
          if (storedDiffer(sync, link, alignment)) diverged++;
        } else unread++;
        continue;
      }
      // One side missing from an incomplete read may have changed unseen: writing the other side's
      // change over it could lose a newer value, so the pair waits for a complete read.
      if (SIDES.some((side) => !recs[side] && !snap[side].complete)) {
        unread++;
        continue;
      }
    }
    if (wait('left', link.left) || wait('right', link.right)) {
      if (wait('left', link.left)) put('left', link.left, 'failed');
      if (wait('right', link.right)) put('right', link.right, 'failed');
      continue;
    }
    // Other filters are checked on the records that were read; one absent from an incremental read is unchanged.
    const out = listOut ?? firstExclusion((s) => recs[s] && excludedNow(sync, s, recs[s]!));
    const absent = SIDES.find((side) => !recs[side]);
    for (const side of SIDES) recs[side] ??= fromBase(sync, side, link);
    if (out) {
      const [side, why] = out;
      excluded[side]++;
      put('left', link.left, 'excluded');
      put('right', link.right, 'excluded');
      // R21: a record leaving the inclusion filter stops syncing but is not deleted. The link
      // remembers it, because changes read while it was out are not in its base.
      if (!link.excluded) {
        ops.push({
          id: `${sync.name}/mark/${link.left}/${link.right}`,
          type: 'mark',
          sync: sync.name,
          link: { left: link.left, right: link.right },
          excluded: true,
          reason: {
            rule: 'R21',
            message: `outside the inclusion filter: ${sync[side].connection} ${link[side]} ${why.message}; not synced until it is back, and neither record is deleted`,
          },
          source: sync.source,
        });
      }
      continue;
    }
    if (link.excluded) {
      // Back in the filter: the partner may have changed while out, unseen by incremental reads.
      if (absent) {
        needsFullRead = true;
        continue;
      }
      ops.push({
        id: `${sync.name}/mark/${link.left}/${link.right}`,
        type: 'mark',
        sync: sync.name,
        link: { left: link.left, right: link.right },
        excluded: false,
        reason: { rule: 'R21', message: 'back in the inclusion filter: synced again' },
        source: sync.source,
      });
    }
    reconcile(link, recs as Record<SideName, RemoteRecord>, link.base, 'changed since the last sync');
  }

  // 2. Unlinked records.
  const open: Record<SideName, RemoteRecord[]> = { left: [], right: [] };
  // Unlinked records kept out of this run (a filter, or waiting for an import) still take part in
  // matching: their partner in the other app is then neither linked nor created, since creating it
  // would duplicate a record that app already holds (R24).
  const held: Record<SideName, RemoteRecord[]> = { left: [], right: [] };
  const activated = state.activatedAt ? Date.parse(state.activatedAt) : undefined;
  const predates = (r: RemoteRecord) => activated === undefined || (ms(r) ?? 0) <= activated;
  const emailOnly = { left: emailFirst(input, 'left'), right: emailFirst(input, 'right') };
  for (const side of SIDES) {
    for (const r of snap[side].records) {
      if (r.deleted || linkedIds[side].has(r.id)) continue;
      // R8: with changes-only, records untouched since the sync was switched on wait for `crmsync import`.
      if (sync.initialSync === 'changes-only' && !input.importAll && predates(r)) {
        held[side].push(r);
        put(side, r.id, 'excluded');
        continue;
      }
      if (excludedBeforeLink(sync, side, r, { include: !emailOnly[side] })) {
        excluded[side]++;
        held[side].push(r);
        put(side, r.id, 'excluded');
        continue;
      }
      open[side].push(r);
      // Until decided below: a record nothing is planned for stays out of this run (R13: the
      // direction never writes into its source).
      put(side, r.id, 'excluded');
    }
  }
  const isHeld = { left: new Set(held.left), right: new Set(held.right) };
  const anyHeld = held.left.length + held.right.length > 0;
  const matched = matchRecords(anyHeld ? [...open.left, ...held.left] : open.left, anyHeld ? [...open.right, ...held.right] : open.right, sync.matchKeys);
  const handled = { left: new Set<string>(), right: new Set<string>() };
  for (const a of matched.ambiguous) {
    handled[a.side].add(a.record.id);
    if (isHeld[a.side].has(a.record)) continue;
    put(a.side, a.record.id, 'failed');
    findings.push({
      sync: sync.name,
      side: a.side,
      recordId: a.record.id,
      kind: 'ambiguous',
      category: 'ambiguous-match',
      rule: 'R24',
      message: `${a.count} records share ${a.key} \`${a.value}\`; not linked and not created`,
      hint: 'merge the duplicates in the app (or make the key unique), then run plan again',
    });
  }
  for (const { left, right, key } of matched.pairs) {
    handled.left.add(left.id);
    handled.right.add(right.id);
    // A partner kept out of this run keeps its match out too (excluded, R24: never a duplicate).
    if (isHeld.left.has(left) || isHeld.right.has(right)) continue;
    put('left', left.id, 'link');
    put('right', right.id, 'link');
    const link = { left: left.id, right: right.id };
    const base = reconcile(link, { left, right }, undefined, `matched by ${key}`);
    ops.push({
      id: `${sync.name}/link/${left.id}/${right.id}`,
      type: 'link',
      sync: sync.name,
      link,
      base,
      reason: { rule: sync.object === 'companies' ? 'R26' : 'R25', message: `matched by ${key} at the initial sync; linked, not duplicated (R24)` },
      source: sync.source,
    });
  }
  for (const side of SIDES) {
    const into = other(side);
    if (!writable(sync, into)) continue;
    for (const r of open[side]) {
      if (handled[side].has(r.id)) continue;
      if (wait(side, r.id)) {
        put(side, r.id, 'failed');
        continue;
      }
      if (input.linkedElsewhere?.[side].has(r.id)) {
        put(side, r.id, 'linked-elsewhere');
        continue;
      }
      const create = planCreate(sync, side, r, emailOnly[side] ? emailFields(sync, side) : undefined);
      if ('missing' in create) {
        put(side, r.id, 'failed');
        findings.push({
          sync: sync.name,
          side,
          recordId: r.id,
          kind: 'missing-required',
          category: 'required-field',
          rule: 'R15',
          message: `not created in ${sync[into].connection}: required field \`${create.missing}\` is blank`,
          hint: `fill \`${create.missing}\` in ${sync[side].connection}`,
        });
        continue;
      }
      // R24, as deletes follow R30: a record missing from an incomplete read of the other app may
      // be this one's match, so creating it there could make a duplicate. It waits for a complete read.
      if (!snap[into].complete) {
        put(side, r.id, 'waiting');
        waitingCount[side]++;
        const why = snap[into].error ? ` (${snap[into].error!.category}: ${snap[into].error!.code})` : '';
        findings.push({
          sync: sync.name,
          side,
          recordId: r.id,
          kind: 'waiting',
          category: snap[into].error?.category ?? 'network',
          rule: 'R24',
          message: `waiting: not created in ${sync[into].connection}, whose read was incomplete${why}; it may already be there`,
          hint: `the next run that reads ${sync[into].connection} completely links or creates it`,
        });
        continue;
      }
      put(side, r.id, 'create');
      ops.push(create);
    }
  }

  const summary: DiffOutput['summary'] = {
    name: sync.name,
    enabled: sync.enabled,
    left: { connection: sync.left.connection, object: sync.left.object, read: input.left.records.length, complete: input.left.complete },
    right: { connection: sync.right.connection, object: sync.right.object, read: input.right.records.length, complete: input.right.complete },
    linked: countLinked(state.links),
    inSync,
    excluded,
    waiting: waitingCount,
  };
  if (unread) summary.unread = unread;
  if (diverged) summary.diverged = diverged;
  if (needsFullRead) summary.needsFullRead = true;
  let latest = '';
  for (const side of SIDES) for (const r of snap[side].records) if (r.modifiedAt && r.modifiedAt > latest) latest = r.modifiedAt;
  if (latest) summary.latestModifiedAt = latest;
  return { ops, findings, summary, records };
}

/** The first side `check` excludes, with why. */
function firstExclusion(check: (side: SideName) => Exclusion): [SideName, NonNullable<Exclusion>] | undefined {
  for (const side of SIDES) {
    const why = check(side);
    if (why) return [side, why];
  }
  return undefined;
}

function countLinked(links: readonly LinkState[]): number {
  let n = 0;
  for (const l of links) if (!l.deleted) n++;
  return n;
}

/**
 * Whether a stored link's bases differ on a synced field (R12), without decoding bases that were
 * stored as one set of values for both sides (lazy-links.ts) when each synced field sits at the
 * same position on both sides: those agree on every field. `alignment` caches that per dictionary.
 */
function storedDiffer(sync: CompiledSync, link: LinkState, alignment: Map<object, boolean>): boolean {
  const names = mirroredNames(link);
  if (names) {
    let aligned = alignment.get(names);
    if (aligned === undefined) {
      aligned = sync.fields.every((f) => {
        if (f.sync === 'none') return true;
        const l = names.left.indexOf(f.left);
        const r = names.right.indexOf(f.right);
        return l === r || l < 0 || r < 0;
      });
      alignment.set(names, aligned);
    }
    if (aligned) return false;
  }
  return differ(sync, link.base);
}

/** Whether a pair's values (canonical, per side) differ on any synced field: a kept divergence. */
function differ(sync: CompiledSync, values: BasePatch): boolean {
  return sync.fields.some((f) => {
    if (f.sync === 'none') return false;
    const l = values.left[f.left];
    const r = values.right[f.right];
    return l !== undefined && r !== undefined && !sameCanon(l, r);
  });
}

/**
 * R31: records that failed recently wait out their backoff before the next attempt, keyed
 * `side:id`. A record that changed in its app since the run that recorded its failure (or whose
 * linked partner did) is tried again at once: the change may be the fix. `--retry-failed` releases
 * them all. The app's modification time is compared with the time the failure was recorded;
 * Assumption: the clocks agree within seconds, and a skew costs at most one early retry or one more
 * run of waiting.
 */
function waitingFailures(input: DiffInput, byId: ById, ms: (r: RemoteRecord | undefined) => number | undefined): Map<string, FailureState> {
  const waiting = new Map<string, FailureState>();
  const pending = input.retryFailed ? [] : input.state.failures.filter((f) => f.retryAfter && f.retryAfter > input.now);
  if (!pending.length) return waiting;
  const keys = new Set(pending.map((f) => `${f.side}:${f.id}`));
  const partner = new Map<string, string>();
  for (const l of input.state.links) {
    if (keys.has(`left:${l.left}`)) partner.set(`left:${l.left}`, l.right);
    if (keys.has(`right:${l.right}`)) partner.set(`right:${l.right}`, l.left);
  }
  for (const f of pending) {
    const key = `${f.side}:${f.id}`;
    const since = Date.parse(f.lastAt);
    const mate = partner.get(key);
    const changed = [byId[f.side].get(f.id), mate === undefined ? undefined : byId[other(f.side)].get(mate)].some((r) => (ms(r) ?? -Infinity) > since);
    if (!changed) waiting.set(key, f);
  }
  return waiting;
}

interface CreateOpChange {
  field: CompiledField;
  canon: Canon;
  value: ReturnType<typeof toTarget>;
  old: ReturnType<typeof toTarget>;
  reason: Reason;
}

type ById = Record<SideName, Map<string, RemoteRecord>>;

/**
 * Old id → the id the app now knows the record by, per side: the losers of a merge listed by the
 * survivor (`formerIds`), a merged-away record pointing at its survivor (`mergedInto`), a renamed
 * record's previous names.
 */
function successors(snap: Record<SideName, SideSnapshot>): Record<SideName, Map<string, string>> {
  const out = { left: new Map<string, string>(), right: new Map<string, string>() };
  for (const side of SIDES) {
    for (const r of snap[side].records) {
      if (r.deleted) {
        if (r.meta?.mergedInto && r.meta.mergedInto !== r.id) out[side].set(r.id, r.meta.mergedInto);
      } else for (const id of r.meta?.formerIds ?? []) if (id !== r.id) out[side].set(id, r.id);
    }
  }
  return out;
}

/**
 * The link a stored one becomes once merges are followed. A record merged into one that is not yet
 * linked takes the link with it (a relink op); merged into one already linked to another record, the
 * pair is ended without a delete: the partner is kept, remembered, and never recreated as a
 * duplicate. Returns undefined when the pair is not synced any further in this run.
 */
function followMerges(
  sync: CompiledSync,
  stored: LinkState,
  at: { byId: ById; moved: Record<SideName, Map<string, string>>; claimed: () => Record<SideName, Set<string>> },
  ops: Op[],
): LinkState | undefined {
  let link = stored;
  for (const side of SIDES) {
    const id = link[side];
    const rec = at.byId[side].get(id);
    if (rec && !rec.deleted) continue;
    let to = at.moved[side].get(id);
    // A chain of merges (a into b, then b into c) ends at the record that is still there.
    for (let hops = 0; to && hops < 16; hops++) {
      const there = at.byId[side].get(to);
      const next = at.moved[side].get(to);
      if ((there && !there.deleted) || !next || next === to) break;
      to = next;
    }
    if (!to || to === id) continue;
    const key = { left: link.left, right: link.right };
    const app = sync[side].connection;
    if (at.claimed()[side].has(to)) {
      ops.push({
        id: `${sync.name}/forget/${key.left}/${key.right}`,
        type: 'forget',
        sync: sync.name,
        link: key,
        deleted: side,
        reason: {
          rule: 'R30',
          message: `merged into ${to} in ${app}, which is linked to another record; ${sync[other(side)].connection} keeps ${link[other(side)]} unsynced, not deleted`,
        },
        source: sync.source,
      });
      return undefined;
    }
    at.claimed()[side].add(to);
    ops.push({
      id: `${sync.name}/relink/${side}/${id}`,
      type: 'relink',
      sync: sync.name,
      side,
      link: key,
      to,
      reason: { rule: 'R24', message: `${id} was merged into (or renamed to) ${to} in ${app}; the link follows it instead of a delete and a duplicate` },
      source: sync.source,
    });
    link = { ...link, [side]: to };
  }
  return link;
}

/** A record absent from an incremental read is as it was at the last sync: its base values. */
function fromBase(sync: CompiledSync, side: SideName, link: LinkState): RemoteRecord {
  const fields: Fields = {};
  for (const f of sync.fields) {
    const v = link.base[side][f[side]];
    if (v !== undefined) fields[f[side]] = fromCanon(f, v, side);
  }
  return { id: side === 'left' ? link.left : link.right, fields };
}

/** R23 applies to an import of contacts from an app with email-first import (Salesforce contacts or leads) into the other. */
function emailFirst(input: DiffInput, side: SideName): boolean {
  const { sync } = input;
  return !!(input.importAll && input.emailFirst && sync.object === 'contacts' && sync[side].capabilities.emailFirstImport && writable(sync, other(side)));
}

/** The email mappings, by the field on `side` (R23): the match key, or the email the filter requires. */
function emailFields(sync: CompiledSync, side: SideName): Set<string> {
  const names = new Set<string>();
  const required = sync.filters.requireEmail?.[side];
  if (required) names.add(required);
  for (const f of sync.fields) if (f.types[side] === 'email' || f.types[other(side)] === 'email') names.add(f[side]);
  return names;
}

/**
 * The create op for `record` from `from` into the other side. With `only`, just those fields are
 * written and given a base (R23): the others have none, so the next run merges them by the
 * conflict rules as at a first sync, and a blank never wipes the source (R12).
 */
export function planCreate(sync: CompiledSync, from: SideName, record: RemoteRecord, only?: ReadonlySet<string>): CreateOp | { missing: string } {
  const into = other(from);
  // R9: what every record created here starts with (a Salesforce task's type); mapped values win.
  const fields: Fields = { ...sync.createDefaults?.[into] };
  const base: BasePatch = { left: {}, right: {} };
  for (const f of sync.fields) {
    if (only && !only.has(f[from])) continue;
    const value = canonical(f, fieldOf(record.fields, f[from]), from);
    if (f.required && value === null) return { missing: f[from] };
    base[from][f[from]] = value;
    base[into][f[into]] = value;
    if (f.sync === 'none' || value === null) continue;
    fields[f[into]] = fromCanon(f, value, into);
  }
  return {
    id: `${sync.name}/create/${into}/${record.id}`,
    type: 'create',
    sync: sync.name,
    side: into,
    connection: sync[into].connection,
    object: sync[into].object,
    from: record.id,
    fields,
    base,
    ...(only ? { emailFirst: true } : {}),
    reason: only
      ? { rule: 'R23', message: `imported from ${sync[from].connection} with its email only; the next run fills the rest if it is inside the inclusion filter` }
      : { rule: 'R3', message: `new in ${sync[from].connection} with no match in ${sync[into].connection}` },
    source: sync.source,
  };
}

function planDelete(sync: CompiledSync, link: LinkState, gone: SideName | 'both', complete: Record<SideName, boolean>, ops: Op[]): void {
  const key = { left: link.left, right: link.right };
  if (gone === 'both') {
    ops.push({
      id: `${sync.name}/forget/${link.left}/${link.right}`,
      type: 'forget',
      sync: sync.name,
      link: key,
      deleted: 'both',
      reason: { rule: 'R30', message: 'deleted in both apps' },
      source: sync.source,
    });
    return;
  }
  const survivor = other(gone);
  // R30: never delete on the strength of a partial read, and never write into a one-way source.
  const mayDelete = sync.deletes.mode !== 'ignore' && complete.left && complete.right && writable(sync, survivor);
  if (mayDelete) {
    ops.push({
      id: `${sync.name}/delete/${survivor}/${link[survivor]}`,
      type: 'delete',
      sync: sync.name,
      side: survivor,
      connection: sync[survivor].connection,
      object: sync[survivor].object,
      recordId: link[survivor],
      mode: sync.deletes.mode === 'archive' ? 'archive' : 'delete',
      link: key,
      reason: { rule: 'R30', message: `deleted in ${sync[gone].connection}; deletes: ${sync.deletes.mode}` },
      source: sync.source,
    });
    return;
  }
  ops.push({
    id: `${sync.name}/forget/${link.left}/${link.right}`,
    type: 'forget',
    sync: sync.name,
    link: key,
    deleted: gone,
    reason: {
      rule: 'R30',
      message: `deleted in ${sync[gone].connection}; the record in ${sync[survivor].connection} is kept (resync-deleted can recreate it)`,
    },
    source: sync.source,
  });
}
