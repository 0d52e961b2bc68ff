import { Client } from '@hubspot/api-client';
import { startHubSpotEmulator } from '../../../src/connectors/hubspot/emulator/server.js';
const emu = await startHubSpotEmulator({ seed: { contacts: 30, companies: 5, deals: 4 } });
const hs = new Client({ accessToken: emu.token, basePath: emu.url, numberOfApiCallRetries: 0 });
const page = await hs.crm.contacts.basicApi.getPage(10, undefined, ['email', 'firstname'], undefined, ['companies']);
console.log(page.results.length, page.paging?.next?.after, JSON.stringify(page.results[0]), page.results[0]!.createdAt instanceof Date);
const c = await hs.crm.contacts.basicApi.create({ properties: { email: 'ADA@Example.com', firstname: 'Ada' }, associations: [] });
console.log(c.id, c.properties.email, c.properties.lastmodifieddate);
try { await hs.crm.contacts.batchApi.create({ inputs: [{ properties: { email: 'x1@example.com' }, associations: [] }, { properties: { email: 'ada@EXAMPLE.com' }, associations: [] }] }); } catch (e: any) { console.log('409?', e.code, JSON.stringify(e.body)); }
const r = await hs.crm.contacts.batchApi.read({ inputs: [{ id: c.id }, { id: '999999' }], properties: ['email'], propertiesWithHistory: [] });
console.log('207', r.constructor.name, (r as any).numErrors, JSON.stringify((r as any).errors));
const s = await hs.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE' as any, value: String(Date.now() - 60000) }] }], sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' } as any], properties: ['email'], limit: 200, after: '0' });
console.log('search', s.total, s.results.map((x) => x.properties.email));
const a = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: page.results[0]!.id }, { id: c.id }] });
console.log('assoc', JSON.stringify(a));
const props = await hs.crm.properties.coreApi.getAll('contacts');
console.log('props', props.results.length, props.results[0]);
try { await hs.crm.contacts.basicApi.update(c.id, { properties: { foo: 'x' } }); } catch (e: any) { console.log('400?', e.code, JSON.stringify(e.body)); }
const bad = new Client({ accessToken: 'nope', basePath: emu.url, numberOfApiCallRetries: 0 });
try { await bad.crm.contacts.basicApi.getPage(); } catch (e: any) { console.log('401?', e.code, e.body.category); }
const list = await hs.crm.lists.listsApi.create({ name: 'L', objectTypeId: '0-1', processingType: 'MANUAL' });
console.log('list', JSON.stringify(list));
console.log(emu.calls);
await emu.close();
