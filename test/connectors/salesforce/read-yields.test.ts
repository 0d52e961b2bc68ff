/**
 * Decoding a Salesforce page of 2,000 records gives the event loop a turn every DECODE_SLICE
 * records, so another app's chain of pages read at the same time is not held up for the whole
 * page. Counted in turns of the event loop between the page's answer and the read's progress.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSalesforceConnector } from '../../../src/connectors/salesforce/connector.js';
import { startSalesforceEmulator } from '../../../src/connectors/salesforce/emulator/server.js';
import { DECODE_SLICE } from '../../../src/connectors/shared/bounded.js';
import { FAST_RETRY } from './helpers.js';

test('a page of 2,000 records is decoded in slices, with a turn of the event loop between them', async () => {
  const org = await startSalesforceEmulator({ dailyApiLimit: 1e6, seed: { contacts: 2000, companies: 0, from: 0 } });
  try {
    const sf = createSalesforceConnector({ name: 'sf', instanceUrl: org.url, accessToken: org.accessToken, retry: FAST_RETRY });
    await sf.catalogue('Contact');
    let turns = 0;
    let answered: number | undefined;
    let decoded: number | undefined;
    org.server.prependListener('request', (req, res) => {
      if (String(req.url).includes('/query')) res.once('finish', () => (answered = turns));
    });
    let reading = true;
    const tick = () => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await sf.read({
      object: 'Contact',
      fields: ['Email', 'LastName'],
      mode: 'full',
      cursor: null,
      onProgress: () => (decoded = turns),
    });
    reading = false;
    assert.is(result.records.length, 2000);
    assert.ok(answered !== undefined && decoded !== undefined);
    // One turn per slice after the first, besides the few the answer takes to arrive.
    assert.ok(decoded! - answered! >= 2000 / DECODE_SLICE - 1, `${decoded! - answered!} turns between the answer and the decoded page`);
  } finally {
    await org.close();
  }
});

test.run();
