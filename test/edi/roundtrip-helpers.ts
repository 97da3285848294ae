// Round-trip helper for the set and message tests: parse -> generate -> parse must give the same canonical documents.
import { expect } from 'vitest';
import { parseEdi, type EdiParseResult } from '../../nodes/edi/parse.js';
import { generateEdi, type EdiDocumentType, type EdiGenerateResult } from '../../nodes/edi/generate.js';
import { validateCanonical } from '../../nodes/canonical/canonical-validator.js';

export interface RoundTrip {
  first: EdiParseResult;
  generated: EdiGenerateResult;
  second: EdiParseResult;
  documents: unknown[];
}

export async function roundTrip(text: string, type: EdiDocumentType, version: string): Promise<RoundTrip> {
  const first = parseEdi(text);
  expect(first.errors).toEqual([]);
  const documents = first.transactions.map((transaction) => transaction.document);
  expect(documents.every((document) => document !== undefined)).toBe(true);
  for (const transaction of first.transactions) {
    if (transaction.documentType !== 'FunctionalAcknowledgement') expect(validateCanonical(transaction.documentType as string, transaction.document)).toEqual([]);
  }
  const generated = await generateEdi({ type, version, documents, sender: { id: 'SENDER', qualifier: type.length === 3 ? 'ZZ' : '14' }, receiver: { id: 'RECEIVER' }, lineBreak: '\n', timestamp: new Date('2026-11-21T10:00:00Z') });
  const second = parseEdi(generated.text);
  expect(second.errors).toEqual([]);
  expect(second.transactions.map((transaction) => transaction.document)).toEqual(documents);
  expect(second.transactions.map((transaction) => transaction.version)).toEqual(first.transactions.map((transaction) => transaction.version.slice(0, 6)));
  return { first, generated, second, documents };
}
