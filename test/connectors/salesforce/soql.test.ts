/**
 * The emulator's SOQL parser and evaluator, and the connector's literal quoting: hostile values
 * must stay inside their literal (SOQL injection).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SoqlError } from '../../../src/connectors/salesforce/emulator/soql/ast.js';
import { executeQuery } from '../../../src/connectors/salesforce/emulator/soql/execute.js';
import { parseSoql } from '../../../src/connectors/salesforce/emulator/soql/parser.js';
import { buildSpecs } from '../../../src/connectors/salesforce/emulator/schema.js';
import { SalesforceStore } from '../../../src/connectors/salesforce/emulator/store.js';
import { createRecord } from '../../../src/connectors/salesforce/emulator/records.js';
import { soqlLiteral, soqlName, soqlString } from '../../../src/connectors/salesforce/soql.js';

const parse = suite('soql: parser');

parse('parses the query jsforce builds, with escapes and datetime literals', () => {
  const q = parseSoql(
    "SELECT Id, Email FROM Contact WHERE SystemModstamp > 2024-01-01T00:00:00Z AND Email LIKE 'o\\'b%' ORDER BY SystemModstamp ASC, Id ASC LIMIT 200",
  );
  assert.equal(q.select, [
    { kind: 'field', field: 'Id' },
    { kind: 'field', field: 'Email' },
  ]);
  assert.is(q.from, 'Contact');
  assert.is(q.limit, 200);
  assert.equal(q.orderBy, [
    { field: 'SystemModstamp', descending: false },
    { field: 'Id', descending: false },
  ]);
  const where = q.where as { kind: 'and'; items: Array<{ kind: string; value?: { ms: number }; pattern?: { value: string } }> };
  assert.is(where.kind, 'and');
  assert.is(where.items[0]!.value!.ms, Date.parse('2024-01-01T00:00:00Z'));
  assert.is(where.items[1]!.pattern!.value, "o'b%");
});

parse('keywords are case-insensitive; datetimes with millis and offsets; NULLS LAST; OFFSET', () => {
  const q = parseSoql('select id from contact where createddate >= 2024-03-01T10:00:00.250+02:00 order by LastName desc nulls last limit 5 offset 10');
  assert.is((q.where as { value: { ms: number } }).value.ms, Date.parse('2024-03-01T08:00:00.250Z'));
  assert.equal(q.orderBy, [{ field: 'LastName', descending: true, nulls: 'last' }]);
  assert.is(q.offset, 10);
});

parse('refuses what the app refuses, with MALFORMED_QUERY', () => {
  for (const bad of [
    'SELECT Id FROM Contact WHERE',
    "SELECT Id FROM Contact WHERE Email = 'unterminated",
    "SELECT Id FROM Contact WHERE Email = 'bad \\q escape'",
    'SELECT Id FROM Contact WHERE A = 1 AND B = 2 OR C = 3',
    'SELECT Id FROM Contact WHERE CreatedDate > 2024-01-01T00:00:00',
    'SELECT FROM Contact',
    'SELECT Id FROM Contact LIMIT -1',
    'SELECT Id, (SELECT Id FROM Contacts) FROM Account',
  ]) {
    try {
      parseSoql(bad);
      assert.unreachable(bad);
    } catch (error) {
      assert.instance(error, SoqlError, bad);
      assert.is((error as SoqlError).errorCode, 'MALFORMED_QUERY', bad);
    }
  }
});

// A small org to run queries against, written through the app's own write pipeline.
function org() {
  const store = new SalesforceStore(buildSpecs(), () => Date.parse('2024-06-15T12:00:00Z'));
  const ctx = { store, duplicateRules: false, validationRules: [], locks: new Map<string, number>() };
  const acme = createRecord(ctx, store.table('Account')!, { Name: 'Acme' }, store.nextStamp());
  const accountId = acme.ok ? acme.id : '';
  const people = [
    { LastName: "O'Brien", Email: 'ob@x.com', AccountId: accountId, Birthdate: '1980-05-01' },
    { LastName: 'Back\\slash', Email: 'bs@x.com' },
    { LastName: 'Lovelace', Email: 'ADA@x.com', HasOptedOutOfEmail: true },
    { LastName: 'Nobody' },
  ];
  for (const p of people) createRecord(ctx, store.table('Contact')!, p, store.nextStamp());
  const run = (soql: string) => {
    const q = parseSoql(soql, store.now());
    const table = store.table(q.from)!;
    return executeQuery(q, table, [...table.rows.values()], store.soqlContext('59.0'));
  };
  return { store, run };
}

const evaluate = suite('soql: evaluation');

evaluate('equality and LIKE are case-insensitive; IN, NOT IN, NULL, booleans', () => {
  const { run } = org();
  assert.equal(
    run("SELECT LastName FROM Contact WHERE Email = 'ada@X.COM'").records.map((r) => r.LastName),
    ['Lovelace'],
  );
  assert.equal(
    run("SELECT LastName FROM Contact WHERE LastName LIKE 'lo%'").records.map((r) => r.LastName),
    ['Lovelace'],
  );
  assert.is(run("SELECT Id FROM Contact WHERE Email IN ('ob@x.com', 'bs@x.com')").totalSize, 2);
  assert.is(run("SELECT Id FROM Contact WHERE Email NOT IN ('ob@x.com')").totalSize, 3);
  assert.equal(
    run('SELECT LastName FROM Contact WHERE Email = NULL').records.map((r) => r.LastName),
    ['Nobody'],
  );
  assert.is(run('SELECT Id FROM Contact WHERE HasOptedOutOfEmail = TRUE').totalSize, 1);
  assert.is(run("SELECT Id FROM Contact WHERE NOT (Email = NULL OR LastName = 'Lovelace')").totalSize, 2);
});

evaluate('dotted relationship fields are selected nested and filtered through the lookup', () => {
  const { run } = org();
  const out = run("SELECT LastName, Account.Name FROM Contact WHERE Account.Name = 'acme'");
  assert.is(out.totalSize, 1);
  const account = out.records[0]!.Account as { attributes: { type: string }; Name: string };
  assert.is(account.attributes.type, 'Account');
  assert.is(account.Name, 'Acme');
  const none = run("SELECT LastName, Account.Name FROM Contact WHERE LastName = 'Nobody'");
  assert.is(none.records[0]!.Account, null);
});

evaluate('ORDER BY with NULLS FIRST/LAST, LIMIT/OFFSET, COUNT(), dates and date constants', () => {
  const { run } = org();
  assert.equal(
    run('SELECT Email FROM Contact ORDER BY Email ASC NULLS LAST').records.map((r) => r.Email),
    ['ADA@x.com', 'bs@x.com', 'ob@x.com', null],
  );
  assert.equal(
    run('SELECT Email FROM Contact ORDER BY Email DESC NULLS FIRST LIMIT 2 OFFSET 1').records.map((r) => r.Email),
    ['ob@x.com', 'bs@x.com'],
  );
  const count = run('SELECT COUNT() FROM Contact WHERE Email != NULL');
  assert.equal([count.totalSize, count.records.length], [3, 0]);
  assert.is(run('SELECT Id FROM Contact WHERE Birthdate < 1990-01-01').totalSize, 1);
  assert.is(run('SELECT Id FROM Contact WHERE CreatedDate = TODAY').totalSize, 4);
  assert.is(run('SELECT Id FROM Contact WHERE CreatedDate < LAST_N_DAYS:3').totalSize, 0);
  assert.is(run('SELECT Id FROM Contact WHERE SystemModstamp >= 2024-06-15T12:00:00.002Z').totalSize, 3);
});

evaluate('bad names and types are INVALID_FIELD / INVALID_TYPE-like errors, names come back canonical', () => {
  const { run, store } = org();
  const code = (soql: string) => {
    try {
      run(soql);
      return 'ok';
    } catch (error) {
      return (error as SoqlError).errorCode;
    }
  };
  assert.is(code('SELECT Nope FROM Contact'), 'INVALID_FIELD');
  assert.is(code('SELECT Id FROM Contact WHERE Bogus.Name = null'), 'INVALID_FIELD');
  assert.is(code("SELECT Id FROM Contact WHERE CreatedDate > '2024-01-01'"), 'INVALID_FIELD');
  assert.is(code("SELECT Id FROM Contact WHERE Id = 'not-an-id'"), 'INVALID_QUERY_FILTER_OPERATOR');
  assert.is(code('SELECT Id FROM Contact OFFSET 2001'), 'NUMBER_OUTSIDE_VALID_RANGE');
  assert.equal(Object.keys(run('SELECT lastname, EMAIL FROM contact LIMIT 1').records[0]!), ['attributes', 'LastName', 'Email']);
  // A 15-character id finds the record its 18-character form names.
  const any = [...store.table('Contact')!.rows.values()][0]!;
  assert.is(run(`SELECT Id FROM Contact WHERE Id = '${(any.Id as string).slice(0, 15)}'`).records[0]!.Id, any.Id);
});

const injection = suite('soql: injection');

const HOSTILE = ["x' OR LastName != '", "x\\' OR LastName != \\'", '\\', "a\\'b", "O'Brien", 'Back\\slash', "'); DELETE FROM Contact; --", 'line\nbreak'];

injection('quoted hostile values stay one literal and match only themselves', () => {
  const { run } = org();
  for (const value of HOSTILE) {
    const soql = `SELECT LastName FROM Contact WHERE LastName = ${soqlString(value)}`;
    const names = run(soql).records.map((r) => r.LastName);
    const expected = value === "O'Brien" || value === 'Back\\slash' ? [value] : [];
    assert.equal(names, expected, soql);
  }
  const list = HOSTILE.map(soqlString).join(', ');
  assert.equal(
    run(`SELECT LastName FROM Contact WHERE LastName IN (${list}) ORDER BY LastName`).records.map((r) => r.LastName),
    ['Back\\slash', "O'Brien"],
  );
});

injection('the same values pasted unquoted would have changed the query', () => {
  const { run } = org();
  // Proof the test above is meaningful: naive quoting lets the value escape its literal.
  const naive = run(`SELECT LastName FROM Contact WHERE LastName = '${"x' OR LastName != '"}'`);
  assert.is(naive.totalSize, 4);
});

injection('names and typed literals refuse anything that is not one', () => {
  assert.throws(() => soqlName('Email FROM User --'));
  assert.throws(() => soqlName("Email'"));
  assert.is(soqlName('Account.Name'), 'Account.Name');
  assert.is(soqlLiteral('12.5', 'number'), '12.5');
  assert.is(soqlLiteral('1 OR Id != null', 'number'), undefined);
  assert.is(soqlLiteral('TRUE) OR (Id', 'boolean'), undefined);
  assert.is(soqlLiteral("003' OR Id != '", 'reference'), undefined);
  assert.is(soqlLiteral('2024-01-02', 'date'), '2024-01-02');
});

parse.run();
evaluate.run();
injection.run();
