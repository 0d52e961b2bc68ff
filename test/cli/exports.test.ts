/** status --records: each record with its match key and a display name; CSV guarded against formulas. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { csvCell } from '../../src/cli/status.js';
import { project, records, twoStores } from '../helpers/project.js';

const test = suite('exports');

test('records carry the match key and a display name (table, JSON, CSV)', async () => {
  const p = project(twoStores());
  await p.run('apply', '--yes');
  const one = records(p.store('a'))[0]!;
  const json = JSON.parse((await p.run('status', '--records', '--format', 'json')).stdout) as Array<{ id: string; key: string; name: string }>;
  const row = json.find((r) => r.id === one.id)!;
  assert.is(row.key, `email=${String(one.fields.email).toLowerCase()}`);
  assert.is(row.name, `${one.fields.firstname} ${one.fields.lastname}`);
  const table = (await p.run('status', '--records')).stdout;
  assert.match(table, `a/${one.id} ↔ `);
  assert.match(table, ` ${one.fields.firstname} ${one.fields.lastname} (email=`);
});

test('CSV cells that a spreadsheet would run as formulas are quoted with a leading apostrophe', async () => {
  const p = project(twoStores());
  await p.run('plan');
  const ids = records(p.store('a')).map((r) => r.id);
  const attacks = ['=HYPERLINK("http://x.example","y")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];
  p.editStore('a', (d) => attacks.forEach((a, i) => (d.objects.contacts!.records[ids[i]!]!.fields.firstname = a)));
  await p.run('apply', '--yes');
  await p.run('status', '--records', '--format', 'csv', '--output', 'records.csv');
  const csv = p.read('records.csv');
  assert.match(csv, `,"'=HYPERLINK(""http://x.example"",""y"")`);
  for (const cell of csv.split(/,|\n/)) assert.not.match(cell.replace(/^"/, ''), /^[=+\-@\t\r]/, cell);
  assert.is(csvCell('+1+1 Kim'), "'+1+1 Kim");
  assert.is(csvCell('@x'), "'@x");
  assert.is(csvCell('\tx'), "'\tx");
  assert.is(csvCell('\rx'), `"'\rx"`);
  assert.is(csvCell('Ann'), 'Ann');
  assert.is(csvCell(3), '3');
});

test.run();
