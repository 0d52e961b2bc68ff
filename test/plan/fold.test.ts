/**
 * Identity comparisons outside matching fold values the same way matching does (R24): trimmed,
 * Unicode NFC and case-folded, so "José" typed as e + combining accent (NFD) is the same as the
 * precomposed "José" (NFC) an app hands back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CompiledProject } from '../../src/config/model.js';
import { dedupeCreates } from '../../src/plan/dedupe.js';
import { meets } from '../../src/plan/filters.js';
import type { CreateOp, Op } from '../../src/plan/types.js';

const NFC = 'José Núñez';
const NFD = NFC.normalize('NFD');

test('the two spellings differ as strings', () => {
  assert.is.not(NFC, NFD);
  assert.is.not(NFC.toLowerCase(), NFD.toLowerCase());
});

test('R18-R21: equals and in conditions hold for the other normal form and case', () => {
  const record = { id: '1', fields: { name: NFD } };
  assert.ok(meets(record, { field: 'name', op: 'equals', value: NFC.toUpperCase() }));
  assert.ok(meets(record, { field: 'name', op: 'in', value: ['Other', ` ${NFC} `] }));
  assert.not.ok(meets(record, { field: 'name', op: 'not-equals', value: NFC }));
  assert.ok(meets(record, { field: 'name', op: 'contains', value: 'josé' }));
});

test('R24: two syncs creating the same person in one app, spelled NFC and NFD, make one create and one link', () => {
  const sync = (name: string) => ({ name, matchKeys: [{ left: ['name'], right: ['name'], fold: true }], fields: [] });
  const project = { syncs: [sync('from-google'), sync('from-salesforce')] } as unknown as CompiledProject;
  const create = (s: string, name: string): CreateOp =>
    ({
      id: `${s}/create/left/x`,
      type: 'create',
      sync: s,
      side: 'left',
      connection: 'hubspot',
      object: 'contacts',
      from: `${s}-1`,
      fields: { name },
      base: { left: {}, right: {} },
      reason: { rule: 'R3', message: 'new' },
      source: { file: 'syncs/s.yaml', line: 1, col: 1 },
    }) as CreateOp;
  const ops = dedupeCreates(project, [create('from-google', NFC), create('from-salesforce', NFD.toLowerCase())]);
  assert.equal(
    ops.map((o) => o.type),
    ['create', 'link-created'],
  );
  const link = ops[1] as Extract<Op, { type: 'link-created' }>;
  assert.equal([link.side, link.created, link.existing], ['left', 'from-google/create/left/x', 'from-salesforce-1']);
});

test.run();
