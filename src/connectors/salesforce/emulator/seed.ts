/**
 * Realistic seeded data: accounts from fake companies, contacts and leads from fake people
 * (shared/fake-data.ts, so person `i` is the same person in every app), opportunities and tasks.
 * Timestamps are spread over the last 30 days, ending a few minutes ago, like a lived-in org.
 */
import { fakeCompany, fakePerson } from '../../shared/fake-data.js';
import { formatSfDateTime } from '../datetime.js';
import type { SeedOptions } from './options.js';
import type { Row } from './soql/resolve.js';
import type { SalesforceStore } from './store.js';
import type { Table } from './table.js';

const DAY = 86_400_000;
const STAGES = ['Prospecting', 'Qualification', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];

/** Every field at its default, in schema order: rows copied from one shape keep it (and its memory layout). */
const templates = new WeakMap<Table, Row>();
function blankRow(table: Table): Row {
  let template = templates.get(table);
  if (!template) {
    template = {};
    for (const f of table.spec.fields) template[f.name] = f.defaultValue ?? (f.type === 'boolean' ? false : null);
    templates.set(table, template);
  }
  return { ...template };
}

function insert(store: SalesforceStore, table: Table, fields: Row, at: number): string {
  const id = store.newId(table);
  const stamp = formatSfDateTime(at);
  const row = blankRow(table);
  Object.assign(row, fields, {
    Id: id,
    IsDeleted: false,
    OwnerId: store.userId,
    CreatedById: store.userId,
    LastModifiedById: store.userId,
    CreatedDate: stamp,
    LastModifiedDate: stamp,
    SystemModstamp: stamp,
  });
  if (table.name === 'Contact' || table.name === 'Lead') row.Name = [row.FirstName, row.LastName].filter(Boolean).join(' ');
  table.put(row);
  store.observeStamp(at);
  return id;
}

/** Adds the seeded records to `store`; returns the ids created, by object. */
export function seedStore(store: SalesforceStore, seed: SeedOptions): Record<string, string[]> {
  const from = seed.from ?? 0;
  const counts = {
    Account: seed.companies ?? 0,
    Contact: seed.contacts ?? 0,
    Lead: seed.leads ?? 0,
    Opportunity: seed.opportunities ?? 0,
    Task: seed.tasks ?? 0,
  };
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const end = store.now() - 5 * 60_000;
  const start = end - 30 * DAY;
  let k = 0;
  // Record k of the seed was last modified at an even step through the window.
  const at = () => Math.floor(start + ((k++ + 1) * (end - start)) / Math.max(1, total));
  const ids: Record<string, string[]> = { Account: [], Contact: [], Lead: [], Opportunity: [], Task: [] };
  const table = (name: string) => store.table(name)!;

  for (let i = 0; i < counts.Account; i++) {
    const c = fakeCompany(from + i);
    ids.Account!.push(
      insert(
        store,
        table('Account'),
        {
          Name: c.name,
          Website: `https://${c.domain}`,
          Phone: c.phone,
          BillingCity: c.city,
          BillingCountry: c.country,
          NumberOfEmployees: c.employees,
          Industry: 'Technology',
        },
        at(),
      ),
    );
  }
  for (let i = 0; i < counts.Contact; i++) {
    const p = fakePerson(from + i);
    const accountId = ids.Account!.length ? ids.Account![i % ids.Account!.length] : null;
    ids.Contact!.push(
      insert(
        store,
        table('Contact'),
        {
          FirstName: p.firstName,
          LastName: p.lastName,
          Email: p.email,
          Phone: p.phone,
          MobilePhone: p.mobile,
          Title: p.jobTitle,
          MailingCity: p.city,
          MailingCountry: p.country,
          AccountId: accountId,
          LeadSource: 'Web',
        },
        at(),
      ),
    );
  }
  for (let i = 0; i < counts.Lead; i++) {
    const p = fakePerson(from + counts.Contact + i);
    ids.Lead!.push(
      insert(
        store,
        table('Lead'),
        {
          FirstName: p.firstName,
          LastName: p.lastName,
          Email: p.email,
          Phone: p.phone,
          Company: p.company,
          Title: p.jobTitle,
          City: p.city,
          Country: p.country,
          Website: `https://${p.domain}`,
        },
        at(),
      ),
    );
  }
  for (let i = 0; i < counts.Opportunity; i++) {
    const stage = STAGES[i % STAGES.length]!;
    const closeDate = formatSfDateTime(end + ((i % 90) - 30) * DAY).slice(0, 10);
    const accountId = ids.Account!.length ? ids.Account![i % ids.Account!.length]! : null;
    ids.Opportunity!.push(
      insert(
        store,
        table('Opportunity'),
        {
          Name: `${fakeCompany(from + i).name} deal ${i + 1}`,
          StageName: stage,
          CloseDate: closeDate,
          Amount: 1000 * (1 + (i % 50)),
          AccountId: accountId,
          IsClosed: stage.startsWith('Closed'),
          IsWon: stage === 'Closed Won',
        },
        at(),
      ),
    );
  }
  for (let i = 0; i < counts.Task; i++) {
    const whoId = ids.Contact!.length ? ids.Contact![i % ids.Contact!.length]! : null;
    ids.Task!.push(
      insert(
        store,
        table('Task'),
        { Subject: i % 2 ? 'Call' : 'Send Quote', WhoId: whoId, ActivityDate: formatSfDateTime(end + (i % 14) * DAY).slice(0, 10) },
        at(),
      ),
    );
  }
  // The duplicate rules' lookups (records.ts) by Email, ready before the first write.
  for (const name of ['Contact', 'Lead']) if (counts[name as keyof typeof counts]) table(name).index('Email');
  store.onChange();
  return ids;
}

/** A plausible value of a custom field for generated record `i`. */
function sampleValue(type: string, i: number, at: number): unknown {
  switch (type) {
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return 100 * (i + 1);
    case 'boolean':
      return i % 2 === 0;
    case 'date':
      return formatSfDateTime(at).slice(0, 10);
    case 'datetime':
      return formatSfDateTime(at);
    default:
      return `${i + 1}`.padStart(5, '0');
  }
}

/** Seeds `count` generated records of a custom object (R7), named `<Label>-00001` and so on. */
export function seedCustomObject(store: SalesforceStore, name: string, count: number): string[] {
  const table = store.table(name);
  if (!table || count === 0) return [];
  const end = store.now() - 5 * 60_000;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = end - (count - i) * 60_000;
    const fields: Row = { Name: `${table.spec.label}-${String(i + 1).padStart(5, '0')}` };
    for (const f of table.spec.fields.filter((x) => x.custom)) fields[f.name] = sampleValue(f.type, i, at);
    ids.push(insert(store, table, fields, at));
  }
  store.onChange();
  return ids;
}
