/**
 * R12 (with R10, R11): a divergence a run keeps on purpose stays kept. Two-way HubSpot ↔ Google,
 * winner HubSpot, the same three people in both sandboxes. When one app clears a field, the other
 * keeps its value (a blank never wipes); later runs neither "resolve" that as a conflict nor copy
 * the old value back, whether they read incrementally or in full, and the plan says the apps
 * differ instead of claiming they match.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { project, type Project } from '../helpers/project.js';
import { emailOf, googleContacts, inGoogle } from '../helpers/in-google.js';
import { inHubSpot } from '../helpers/sandbox-apps.js';
import { sandboxes, syncFile } from '../helpers/fixtures.js';

const test = suite('R12 kept divergence');

const FILES = {
  'syncs/connections.yaml': sandboxes({ hubspot: ['hubspot', { contacts: 3, companies: 0, from: 0 }], google: ['google', { contacts: 3, from: 0 }] }),
  'syncs/contacts.yaml': syncFile(
    'contacts',
    'hubspot',
    'google',
    `direction: two-way
conflict: { winner: hubspot }`,
  ),
};

const hubspotTitles = (p: Project) =>
  inHubSpot(p, async (hs) =>
    Object.fromEntries(
      (await hs.crm.contacts.basicApi.getPage(10, undefined, ['email', 'jobtitle'])).results.map((c) => [c.properties.email!, c.properties.jobtitle || null]),
    ),
  );
const googleTitles = async (p: Project) =>
  Object.fromEntries((await googleContacts(p)).map((x) => [emailOf(x)!, (x.data.organizations?.[0]?.title as string | undefined) || null]));

/** Forgets the read cursors, so the next plan reads both apps in full (as a run inside the lookback would see the records). */
function forgetCursors(p: Project) {
  const state = p.state();
  state.syncs.contacts!.cursors = {};
  writeFileSync(join(p.dir, '.crmsync', 'state.json'), JSON.stringify(state));
}

async function synced() {
  const p = project(FILES);
  const first = await p.run('apply', '--yes');
  assert.is(first.code, 0, first.stderr);
  assert.is(p.state().syncs.contacts!.links.length, 3);
  const titles = await hubspotTitles(p);
  assert.equal(await googleTitles(p), titles);
  const [email] = Object.keys(titles).sort();
  assert.ok(titles[email!], 'the person has a job title to clear');
  return { p, email: email!, title: titles[email!]! };
}

/** The plan after a full read: no writes, one pair that differs on purpose, and no claim that the apps match. */
async function stable(p: Project) {
  for (const read of ['incremental', 'full']) {
    if (read === 'full') forgetCursors(p);
    const json = JSON.parse((await p.run('plan', '--json')).stdout).plan;
    assert.equal(
      json.ops.filter((o: { type: string }) => o.type !== 'rebase'),
      [],
      `${read} read: nothing to write`,
    );
    assert.is(json.syncs[0].diverged, 1, `${read} read: one pair differs on purpose`);
    const text = await p.run('plan', '--detailed-exitcode');
    assert.is(text.code, 0, text.stdout);
    assert.not.match(text.stdout, 'Both apps match');
    assert.match(text.stdout, 'No changes. 1 linked pair(s) differ on purpose');
  }
}

const setInHubSpot = (p: Project, email: string, jobtitle: string) =>
  inHubSpot(p, async (hs) => {
    const id = (await hs.crm.contacts.basicApi.getPage(10, undefined, ['email'])).results.find((c) => c.properties.email === email)!.id;
    await hs.crm.contacts.basicApi.update(id, { properties: { jobtitle } });
  });

async function clearInGoogle(p: Project, email: string) {
  await inGoogle(p, async (google) => {
    const person = (
      await google.people.connections.list({ resourceName: 'people/me', personFields: 'emailAddresses,organizations,metadata' })
    ).data.connections!.find((x) => x.emailAddresses?.[0]?.value === email)!;
    await google.people.updateContact({
      resourceName: person.resourceName!,
      updatePersonFields: 'organizations',
      requestBody: { etag: person.etag, organizations: [{ ...person.organizations![0], title: '' }] },
    });
  });
}

test('R12: a blank in the other app never wipes the winner, and the next runs leave the pair as it is', async () => {
  const { p, email, title } = await synced();
  await clearInGoogle(p, email);
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  assert.is((await hubspotTitles(p))[email], title, "a blank never wipes HubSpot's value");
  assert.is((await googleTitles(p))[email], null);

  await stable(p);
  // Nor does an apply after a full read write anything back either way.
  forgetCursors(p);
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal([(await hubspotTitles(p))[email], (await googleTitles(p))[email]], [title, null]);

  // A real change later syncs as usual (R10): the divergence does not freeze the field.
  await setInHubSpot(p, email, 'Chief Engineer');
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.is((await googleTitles(p))[email], 'Chief Engineer');
});

test('R12, R14: a field cleared in the winning app is one change like any other; a later full read never copies the old value back', async () => {
  const { p, email, title } = await synced();
  await setInHubSpot(p, email, '');
  const applied = await p.run('apply', '--yes');
  assert.is(applied.code, 0, applied.stderr);
  // prefer hubspot unless blank (R14): the clear is not written over Google's value.
  assert.equal([(await hubspotTitles(p))[email], (await googleTitles(p))[email]], [null, title]);

  await stable(p);
  forgetCursors(p);
  assert.is((await p.run('apply', '--yes')).code, 0);
  assert.equal([(await hubspotTitles(p))[email], (await googleTitles(p))[email]], [null, title], 'the old value is not copied back into HubSpot');
});

test.run();
