/** Record ids and datetimes: the 18-character checksum suffix and the `+0000` wire format. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSfDateTime, parseSfDateTime, sfDateTimeToIso } from '../../../src/connectors/salesforce/datetime.js';
import { idSuffix, sameId, toId18 } from '../../../src/connectors/salesforce/ids.js';

const ids = suite('salesforce ids');

ids('the 18-character suffix matches the documented example', () => {
  assert.is(idSuffix('001D000000IqhSL'), 'IAZ');
  assert.is(toId18('001D000000IqhSL'), '001D000000IqhSLIAZ');
});

ids('an 18-character id with its case lost is restored; corrupted ones are refused', () => {
  assert.is(toId18('001d000000iqhsliaz'), '001D000000IqhSLIAZ');
  assert.is(toId18('001D000000IqhSLIAZ'), '001D000000IqhSLIAZ');
  assert.ok(sameId('001D000000IqhSL', '001D000000IQHSLIAZ'));
  assert.is(toId18('001D000000IqhSLZZZ'), null);
  assert.is(toId18('001D000000IqhS'), null);
  assert.is(toId18("001D000000IqhS'"), null);
});

const dates = suite('salesforce datetimes');

dates('formats and parses the wire format with or without millis, Z or offsets', () => {
  const ms = Date.parse('2024-01-02T03:04:05.678Z');
  assert.is(formatSfDateTime(ms), '2024-01-02T03:04:05.678+0000');
  assert.is(parseSfDateTime('2024-01-02T03:04:05.678+0000'), ms);
  assert.is(parseSfDateTime('2024-01-02T05:04:05.678+02:00'), ms);
  assert.is(parseSfDateTime('2024-01-02T03:04:05Z'), Date.parse('2024-01-02T03:04:05Z'));
  assert.is(sfDateTimeToIso('2024-01-02T03:04:05.678+0000'), '2024-01-02T03:04:05.678Z');
  assert.ok(Number.isNaN(parseSfDateTime('2024-01-02')));
});

ids.run();
dates.run();
