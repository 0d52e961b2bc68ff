/** associationOps (R27, R28): associations mirrored through the associated sync's links. Pure. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { associationOps } from '../../src/plan/associations.js';
import type { Op, RecordRef } from '../../src/plan/types.js';
import { compiledProject, compiledSync, linked, remote, snapshots, stateWith } from '../helpers/compiled.js';

const companies = compiledSync('companies', { object: 'companies', matchKeys: [] });
const contactsSync = (primaryOnly: boolean) => compiledSync('contacts', { associations: [{ sync: 'companies', primaryOnly }] });
const state = stateWith({ companies: [linked('CA', 'CB', {}), linked('CA2', 'CB2', {})], contacts: [linked('L1', 'R1', {})] });
const withCompanies = (id: string, ids: string[]) => remote(id, { email: `${id}@x.com` }, { meta: { associations: { companies: ids } } });
const refText = (ref: RecordRef) => (ref.kind === 'record' ? ref.id : `created:${ref.op}`);
const brief = (ops: Op[]) =>
  ops.map((o) => (o.type === 'associate' ? `${o.side} ${refText(o.from)}->${refText(o.to)}${o.primary ? ' primary' : ''} ${o.reason.rule}` : o.type));

test('R27: a company associated in one app is associated with the partner record, through the companies link', () => {
  const project = compiledProject(contactsSync(false), companies);
  const snaps = { contacts: snapshots([withCompanies('L1', ['CA', 'CA2'])], [withCompanies('R1', ['CB2'])]) };
  assert.equal(brief(associationOps(project, state, snaps, [])), ['right R1->CB primary R27']);
});

test('a company that is not linked is skipped: the sync never creates the associated record itself', () => {
  const project = compiledProject(contactsSync(false), companies);
  const snaps = { contacts: snapshots([withCompanies('L1', ['C-unlinked'])], [withCompanies('R1', [])]) };
  assert.equal(associationOps(project, state, snaps, []), []);
});

test("R28 primary_only: only the first association is mirrored, and the other app's primary never replaces the default app's", () => {
  const project = compiledProject(contactsSync(true), companies);
  const empty = { contacts: snapshots([withCompanies('L1', ['CA', 'CA2'])], [withCompanies('R1', [])]) };
  assert.equal(brief(associationOps(project, state, empty, [])), ['right R1->CB primary R28']);
  // Both hold a primary: the default (left) app's wins, and nothing is written into it.
  const both = { contacts: snapshots([withCompanies('L1', ['CA2'])], [withCompanies('R1', ['CB'])]) };
  assert.equal(brief(associationOps(project, state, both, [])), ['right R1->CB2 primary R28']);
});

test('a record this plan creates gets its associations too, by reference to the create', () => {
  const project = compiledProject(contactsSync(false), companies);
  const snaps = { contacts: snapshots([withCompanies('L7', ['CA'])], []) };
  const create = {
    id: 'contacts/create/right/L7',
    type: 'create',
    sync: 'contacts',
    side: 'right',
    connection: 'b',
    object: 'contacts',
    from: 'L7',
    fields: {},
    base: { left: {}, right: {} },
    reason: { rule: 'R3', message: '' },
    source: contactsSync(false).source,
  } as const;
  assert.equal(brief(associationOps(project, stateWith({ companies: state.syncs.companies!.links }), snaps, [create as Op])), [
    'right created:contacts/create/right/L7->CB primary R27',
  ]);
});

test('a disabled associated sync mirrors nothing', () => {
  const project = compiledProject(contactsSync(false), { ...companies, enabled: false });
  const snaps = { contacts: snapshots([withCompanies('L1', ['CA'])], [withCompanies('R1', [])]) };
  assert.equal(associationOps(project, state, snaps, []), []);
});

test.run();
