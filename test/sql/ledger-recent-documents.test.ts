// The writer remembers the latest documents (partner, type) so status events need no read: past its limit it keeps the newest.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import pino from 'pino';
import { openSqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter, type LedgerEvent } from '../../runtime/ledger/ledger-writer.js';

const database = await openSqlDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), 'tl-recent-')) });
const writer = new LedgerWriter(database, { now: () => Date.now(), logger: pino({ level: 'silent' }), payloadMaxBytes: 1024, maskFieldsFor: () => new Set(), flowVersionOf: () => undefined });
afterAll(async () => { await writer.close(); await database.close(); });

it('names the partner of each of the latest 25,000 documents in status events after 60,000 records, and forgets the oldest', () => {
  const ids: string[] = [];
  for (let index = 0; index < 60_000; index++) {
    ids.push(writer.record({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'received', correlationId: `c-${index}`, partnerId: `p-${index}` }));
  }
  const events: LedgerEvent[] = [];
  writer.onEvent((event) => events.push(event));
  const latest = ids.slice(-25_000);
  for (const id of [ids[0]!, ...latest]) writer.update({ documentId: id }, { status: 'accepted' });
  expect(events.map((event) => event.id)).toEqual(latest);
  expect(events.every((event, index) => event.partnerId === `p-${35_000 + index}` && event.documentType === 'acknowledgement')).toBe(true);
});
