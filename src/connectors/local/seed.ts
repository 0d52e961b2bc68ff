/** Demo data for a local sandbox store, written only when the store file does not exist yet. */
import { access } from 'node:fs/promises';
import { fakeCompanies, fakePeople } from '../shared/fake-data.js';
import type { Seed } from '../../config/schema-types.js';
import { openStore, tick } from './store.js';

export async function seedLocalStore(path: string, seed: Seed): Promise<boolean> {
  try {
    await access(path);
    return false;
  } catch {
    // no store yet: seed it
  }
  const db = await openStore(path);
  const data = db.data;
  const now = Date.now();
  for (const p of fakePeople(seed.contacts ?? 25, seed.from ?? 0)) {
    const id = String(data.nextId++);
    data.objects.contacts!.records[id] = {
      id,
      rev: ++data.rev,
      modifiedAt: tick(data, now),
      fields: {
        email: p.email,
        firstname: p.firstName,
        lastname: p.lastName,
        phone: p.phone,
        company: p.company,
        jobtitle: p.jobTitle,
        city: p.city,
        country: p.country,
      },
    };
  }
  for (const c of fakeCompanies(seed.companies ?? 5, seed.from ?? 0)) {
    const id = String(data.nextId++);
    data.objects.companies!.records[id] = {
      id,
      rev: ++data.rev,
      modifiedAt: tick(data, now),
      fields: { name: c.name, domain: c.domain, city: c.city, country: c.country, phone: c.phone, numberofemployees: c.employees },
    };
  }
  await db.write();
  return true;
}
