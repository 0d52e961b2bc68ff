/**
 * The benchmark's apps as bench/emulators.ts seeds them (N contacts per app, the second app's from
 * person N/2): what the connectors read back through the official clients over loopback is exactly
 * the generated people, half shared by email; and a Salesforce query's pages are shaped when they
 * are served, from the rows as the query found them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/connector.js';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { selectRows } from '../../../src/connectors/salesforce/emulator/soql/execute.js';
import { parseSoql } from '../../../src/connectors/salesforce/emulator/soql/parser.js';
import { startSalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { fakePerson } from '../../../src/connectors/shared/fake-data.js';
import { FAST_RETRY as HS_RETRY } from '../hubspot/helpers.js';
import { FAST_RETRY as SF_RETRY, tokenConnection } from '../salesforce/helpers.js';

const N = 3000;
const LIMITS = { tenSecondMax: 1e6, searchPerSecond: 1e6, daily: 1e9 };

test('seeded as the bench seeds them, both apps read back the generated people through their connectors', async () => {
  const hubspot = await startHubSpotEmulator({ seed: { contacts: N, companies: 0, from: 0 }, limits: LIMITS });
  const salesforce = await startSalesforceEmulator({ seed: { contacts: N, companies: 0, from: N / 2 }, dailyApiLimit: 1e9 });
  try {
    const hs = createHubSpotConnector({
      name: 'hubspot',
      accessToken: hubspot.token,
      baseUrl: hubspot.url,
      retry: HS_RETRY,
      limiter: { max: 1e6, windowMs: 10_000 },
    });
    const sf = createSalesforceConnector({ name: 'sf', instanceUrl: salesforce.url, accessToken: salesforce.accessToken, retry: SF_RETRY });
    const left = await hs.read({ object: 'contacts', fields: ['email', 'firstname', 'lastname', 'phone', 'jobtitle', 'city', 'company'], mode: 'full' });
    const right = await sf.read({ object: 'Contact', fields: ['Email', 'FirstName', 'LastName', 'Phone', 'Title', 'MailingCity', 'Department'], mode: 'full' });
    assert.equal([left.complete, left.records.length, right.complete, right.records.length], [true, N, true, N]);

    const hsByEmail = new Map(left.records.map((r) => [String(r.fields.email), r.fields]));
    for (let i = 0; i < N; i++) {
      const p = fakePerson(i);
      assert.equal(
        hsByEmail.get(p.email.toLowerCase()),
        { email: p.email.toLowerCase(), firstname: p.firstName, lastname: p.lastName, phone: p.phone, jobtitle: p.jobTitle, city: p.city, company: p.company },
        `HubSpot person ${i}`,
      );
    }
    const sfByEmail = new Map(right.records.map((r) => [String(r.fields.Email).toLowerCase(), r.fields]));
    for (let i = N / 2; i < N + N / 2; i++) {
      const p = fakePerson(i);
      // A field the seed leaves out reads as null: every row holds every field of the schema.
      assert.equal(
        sfByEmail.get(p.email.toLowerCase()),
        { Email: p.email, FirstName: p.firstName, LastName: p.lastName, Phone: p.phone, Title: p.jobTitle, MailingCity: p.city, Department: null },
        `Salesforce person ${i}`,
      );
    }
    const shared = [...hsByEmail.keys()].filter((email) => sfByEmail.has(email));
    assert.is(shared.length, N / 2);
  } finally {
    await Promise.all([hubspot.close(), salesforce.close()]);
  }
});

test('a Salesforce query keeps its rows and shapes a page only when it is served; later pages show the rows as the query found them', async () => {
  const emu = await startSalesforceEmulator({ seed: { contacts: 1000, companies: 2 } });
  try {
    const table = emu.store.table('Contact')!;
    const ctx = emu.store.soqlContext('59.0');
    const rows = [...table.rows.values()];
    const plain = selectRows(parseSoql('SELECT Id, Email FROM Contact'), table, rows, ctx);
    // The table's own rows, not 1,000 shaped copies; one page of them shaped on demand.
    assert.is(plain.records.length, 1000);
    assert.ok(plain.records.every((r, i) => r === rows[i]));
    assert.equal(plain.shape!(rows[0]!), {
      attributes: { type: 'Contact', url: `/services/data/v59.0/sobjects/Contact/${rows[0]!.Id}` },
      Id: rows[0]!.Id,
      Email: rows[0]!.Email,
    });
    // Through a relationship, the related values are those of query time: shaped at once.
    const related = selectRows(parseSoql('SELECT Id, Account.Name FROM Contact'), table, rows, ctx);
    assert.is(related.shape, undefined);
    assert.ok(related.records.every((r, i) => r !== rows[i] && r.Id === rows[i]!.Id));

    const conn = tokenConnection(emu);
    const first = await conn.query<{ Id: string; Title: string | null }>('SELECT Id, Title FROM Contact ORDER BY Id', {
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    assert.equal([first.totalSize, first.records.length, first.done], [1000, 200, false]);
    const later = emu.seeded.Contact!.slice().sort()[500]!;
    const title = table.rows.get(later)!.Title;
    await conn.sobject('Contact').update({ Id: later, Title: 'Changed after the query' });
    let page = first;
    const seen = new Map<string, string | null>();
    for (;;) {
      for (const r of page.records) seen.set(r.Id, r.Title);
      if (page.done) break;
      page = await conn.queryMore(page.nextRecordsUrl!);
    }
    assert.is(seen.size, 1000);
    assert.is(seen.get(later), title);
  } finally {
    await emu.close();
  }
});

test('a seeded org has its duplicate-rule index by Email ready; a value held twice is found twice', async () => {
  const emu = await startSalesforceEmulator({ seed: { contacts: 2000, companies: 0 } });
  try {
    const table = emu.store.table('Contact')!;
    const index = table.index('Email');
    // Built by the seed: every seeded email, each held by one id (not a set per value).
    assert.is(index.size, 2000);
    assert.ok([...index.values()].every((held) => typeof held === 'string'));
    const conn = tokenConnection(emu);
    const taken = String(table.rows.get(emu.seeded.Contact![0]!)!.Email);
    const refused = await conn
      .sobject('Contact')
      .create({ LastName: 'Again', Email: taken.toUpperCase() })
      .then(
        () => 'created',
        (error: { errorCode?: string }) => error.errorCode,
      );
    assert.is(refused, 'DUPLICATES_DETECTED');
    // Held twice (the rule off for this one write), then once again after one moves away.
    const other = emu.seeded.Contact![1]!;
    table.put({ ...table.rows.get(other)!, Email: taken });
    assert.equal(
      table
        .findLive('Email', taken)
        .map((r) => r.Id)
        .sort(),
      [emu.seeded.Contact![0]!, other].sort(),
    );
    table.put({ ...table.rows.get(other)!, Email: 'moved@example.com' });
    assert.equal(
      table.findLive('Email', taken).map((r) => r.Id),
      [emu.seeded.Contact![0]!],
    );
  } finally {
    await emu.close();
  }
});

test.run();
