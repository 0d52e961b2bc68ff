/**
 * Field-level security: a field hidden from the integration user is absent from describe and
 * answers 400 INVALID_FIELD wherever it is named; a mapping to such a field is a located config
 * error when planning (the live catalogue check), with a hint to grant access, and nothing is read.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { project } from '../../helpers/project.js';
import { sfContactsFiles, tokenConnection } from './helpers.js';

const test = suite('salesforce: field-level security');
let emu: SalesforceEmulator;

test.before(async () => {
  emu = await startSalesforceEmulator({ seed: { contacts: 2 }, hiddenFields: { Contact: ['Phone'] } });
});
test.after(async () => {
  await emu.close();
});

const errorOf = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => undefined,
    (e: { errorCode?: string; message: string; data?: unknown }) => e,
  );

test('emulator: describe omits the hidden field; SOQL, retrieve and writes naming it are INVALID_FIELD', async () => {
  const conn = tokenConnection(emu);
  const names = (await conn.sobject('Contact').describe()).fields.map((f) => f.name);
  assert.ok(names.includes('Email'));
  assert.not.ok(names.includes('Phone'));
  const raw = await fetch(`${emu.url}/services/data/v59.0/query?q=${encodeURIComponent('SELECT Id, Phone FROM Contact')}`, {
    headers: { authorization: `Bearer ${emu.accessToken}` },
  });
  assert.is(raw.status, 400);
  assert.equal(await raw.json(), [
    {
      message:
        "\nSELECT Id, Phone FROM Contact\n           ^\nERROR at Row:1:Column:12\nNo such column 'Phone' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
      errorCode: 'INVALID_FIELD',
      fields: [],
    },
  ]);
  const id = emu.seeded.Contact![0]!;
  assert.is((await errorOf(conn.sobject('Contact').retrieve(id, { fields: ['Phone'] })))!.errorCode, 'INVALID_FIELD');
  const [saved] = await conn.sobject('Contact').update([{ Id: id, Phone: '+1 555 0100' }], { allOrNone: false });
  assert.is(saved!.success, false);
  assert.is((saved as { errors: Array<{ statusCode: string }> }).errors[0]!.statusCode, 'INVALID_FIELD');
  // Retrieving the whole record leaves the field out, as describe does.
  const whole = await conn.sobject('Contact').retrieve(id);
  assert.not.ok('Phone' in whole);
  assert.ok('Email' in whole);
});

test('plan: a mapping to a hidden field is error[unsyncable-field] at its file:line:col, with the grant hint; nothing is read', async () => {
  process.env.FLS_SF_TOKEN = emu.accessToken;
  try {
    const p = project(
      sfContactsFiles(
        emu,
        'FLS_SF_TOKEN',
        `  direction: one-way
  from: sf
  mappings: none
  fields:
    - left: Email
      right: email
    - left: LastName
      right: lastname
    - left: Phone
      right: phone
`,
      ),
    );
    const queries = () => (emu.calls.byRoute['GET query'] ?? 0) + (emu.calls.byRoute['GET queryAll'] ?? 0);
    const before = queries();
    const planned = await p.run('plan');
    assert.is(planned.code, 1, planned.stdout);
    assert.match(
      planned.stderr,
      "syncs/contacts.yaml:14:13 error[unsyncable-field] salesforce field `Phone` cannot be synced: hidden from this connection's user by field-level security",
    );
    assert.match(planned.stderr, "grant the connection's user read (and edit) access to Contact.Phone");
    assert.not.match(planned.stderr, '    at ');
    assert.is(queries(), before);
    // Once access is granted, the same files plan and apply.
    emu.setFieldHidden('Contact', 'Phone', false);
    const applied = await p.run('apply', '--yes');
    assert.is(applied.code, 0, applied.stderr);
    assert.is(p.state().syncs.contacts!.links.length, 2);
  } finally {
    emu.setFieldHidden('Contact', 'Phone', true);
    delete process.env.FLS_SF_TOKEN;
  }
});

test.run();
