/**
 * Search-index lag longer than the lookback: a HubSpot change that incremental reads do not see is
 * still synced, by the sync's periodic full read (reconcile_every). The state records when the last
 * full read happened, and the plan says when a run is a reconciliation read and why.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { ageFullRead, hubspotAndStore, project, records, type Project } from '../helpers/project.js';

const FILES = hubspotAndStore({
  sandbox: '{ seed: { contacts: 6, companies: 0, from: 0 }, search_lag: 1h }',
  sync: '  conflict: { winner: hubspot }\n  reconcile_every: 12h',
});

const age = (p: Project, hours: number) => ageFullRead(p, 'contacts', hours);

test('a change hidden from search longer than the lookback is synced by the reconciliation read', async () => {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  const fullAt = p.state().syncs.contacts!.fullReadAt;
  assert.ok(fullAt, 'the state records the full read');
  const [link] = p.state().syncs.contacts!.links;
  const before = records(p.store('b')).find((r) => r.id === link!.right)!.fields.jobtitle;
  await inHubSpot(p, (hs) => hs.crm.contacts.basicApi.update(link!.left, { properties: { jobtitle: 'Indexed an hour later' } }));

  // Incremental runs: the change is not in search results yet (lag 1 h, lookback 30 s).
  const incremental = await p.run('apply', '--yes');
  assert.is(incremental.code, 0, incremental.stderr);
  assert.match(incremental.stdout, '0 updated');
  assert.not.match(incremental.stdout, 'reconciliation read');
  assert.is(p.state().syncs.contacts!.fullReadAt, fullAt, 'an incremental run is not a full read');
  assert.is(records(p.store('b')).find((r) => r.id === link!.right)!.fields.jobtitle, before);

  // Younger than reconcile_every: still incremental.
  age(p, 11);
  assert.not.match((await p.run('plan')).stdout, 'reconciliation read');

  // reconcile_every (12 h) after the last full read, the run reads both apps in full, and says why.
  const last = age(p, 2);
  const plan = await p.run('plan');
  assert.match(plan.stdout, `~ reconciliation read: the last full read was at ${last}, 13 hours ago (reconcile_every: 12 hours): both apps read in full`);
  const json = JSON.parse((await p.run('plan', '--json')).stdout).plan as { syncs: Array<{ reconcile?: string; fullReadAt?: string }> };
  assert.match(json.syncs[0]!.reconcile!, 'reconciliation read');
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, '1 updated');
  assert.is(records(p.store('b')).find((r) => r.id === link!.right)!.fields.jobtitle, 'Indexed an hour later');
  assert.ok(p.state().syncs.contacts!.fullReadAt! > fullAt!, 'the new full read is recorded');
  assert.not.match((await p.run('plan')).stdout, 'reconciliation read', 'the next run is incremental again');
  assert.is((await p.run('plan', '--detailed-exitcode')).code, 0);
});

test.run();
