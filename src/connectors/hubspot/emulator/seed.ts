/**
 * Fills a store with generated, realistic records (shared/fake-data.ts): companies, contacts linked
 * to the company of the same name as their primary company, deals linked to companies, and
 * engagements (tasks, calls, emails, meetings, notes) linked to contacts. Person
 * `from + i` is the same person in every app, so two seeded apps overlap exactly by email.
 * Seeded records carry fixed past timestamps, one minute apart, so runs repeat exactly.
 */
import { fakeCompanies, fakePerson } from '../../shared/fake-data.js';
import { createdProperty, modifiedProperty } from '../limits.js';
import type { HsObjectType, HsRecord } from './model.js';
import { seededEngagement } from './seed-engagements.js';
import type { HubSpotStore } from './store.js';

export interface HubSpotSeed {
  contacts?: number;
  companies?: number;
  deals?: number;
  /** Engagement records, the kinds taking turns (task, call, email, meeting, note); default 0. */
  engagements?: number;
  /** Index of the first generated person (shared/fake-data.ts). */
  from?: number;
  /** Link contacts and deals to companies, and engagements to contacts (default true). */
  associate?: boolean;
}

/** 2024-01-01T00:00:00.000Z: seeded records are older than anything a test writes. */
export const SEED_EPOCH = Date.UTC(2024, 0, 1);
const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'contractsent', 'closedwon', 'closedlost'];

function backdate(type: HsObjectType, record: HsRecord, at: number): void {
  const iso = new Date(at).toISOString();
  record.createdAt = iso;
  record.updatedAt = iso;
  record.properties[createdProperty(type.objectTypeId)] = iso;
  record.properties[modifiedProperty(type.objectTypeId)] = iso;
}

export function seedStore(store: HubSpotStore, seed: HubSpotSeed): void {
  const contacts = store.types.get('0-1')!;
  const companies = store.types.get('0-2')!;
  const deals = store.types.get('0-3')!;
  const associate = seed.associate ?? true;
  let clock = SEED_EPOCH;
  const companyIds = new Map<string, string>();
  const companyList: string[] = [];
  const contactList: HsRecord[] = [];

  for (const c of fakeCompanies(seed.companies ?? 0)) {
    const record = store.create(companies, {
      name: c.name,
      domain: c.domain,
      website: `https://${c.domain}`,
      city: c.city,
      country: c.country,
      phone: c.phone,
      numberofemployees: String(c.employees),
    });
    backdate(companies, record, (clock += 60_000));
    companyIds.set(c.name, record.id);
    companyList.push(record.id);
  }

  // One person at a time: a million seeded contacts need not all exist twice at once.
  for (let i = 0; i < (seed.contacts ?? 0); i++) {
    const p = fakePerson((seed.from ?? 0) + i);
    const companyId = associate ? companyIds.get(p.company) : undefined;
    const record = store.create(contacts, {
      email: p.email,
      firstname: p.firstName,
      lastname: p.lastName,
      phone: p.phone,
      mobilephone: p.mobile,
      company: p.company,
      jobtitle: p.jobTitle,
      city: p.city,
      country: p.country,
      lifecyclestage: 'lead',
      // Mirrors the primary company below, so linking does not touch the record again.
      ...(companyId ? { associatedcompanyid: companyId } : {}),
    });
    backdate(contacts, record, (clock += 60_000));
    contactList.push(record);
    if (companyId) store.associations.add('0-1', record.id, '0-2', companyId, [1]);
  }

  for (let i = 0; i < (seed.deals ?? 0); i++) {
    const companyId = companyList.length ? companyList[i % companyList.length] : undefined;
    const record = store.create(deals, {
      dealname: `Deal ${i + 1}`,
      amount: String(1000 * ((i % 20) + 1)),
      dealstage: STAGES[i % STAGES.length]!,
      pipeline: 'default',
      closedate: new Date(SEED_EPOCH + (i % 365) * 86_400_000).toISOString(),
    });
    backdate(deals, record, (clock += 60_000));
    if (associate && companyId) store.associations.add('0-3', record.id, '0-2', companyId, [5]);
  }

  for (let i = 0; i < (seed.engagements ?? 0); i++) {
    const contact = contactList.length ? contactList[i % contactList.length] : undefined;
    const { objectTypeId, values } = seededEngagement(i, SEED_EPOCH, contact?.properties);
    const type = store.types.get(objectTypeId)!;
    const record = store.create(type, values);
    backdate(type, record, (clock += 60_000));
    const link = store.associations.defaultType(objectTypeId, '0-1');
    if (associate && contact && link) store.associations.add(objectTypeId, record.id, '0-1', contact.id, [link.typeId]);
  }
}
