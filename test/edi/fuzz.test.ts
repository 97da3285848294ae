// Property tests: thousands of seeded random mutations of valid documents; the parser only ever throws EdiError and always returns.
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../nodes/edi/edi-error.js';
import { parseEdi } from '../../nodes/edi/parse.js';
import { generateAcknowledgements } from '../../nodes/edi/acknowledge.js';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { ediParseNode } from '../../nodes/edi/index.js';
import { buildSample850 } from '../../bench/edi/sample-850.js';
import { fixture, seededRandom } from './helpers.js';
import { GTIN_ONLY_850, SPLIT_855, SPLIT_ORDRSP, wrap } from './fidelity-fixtures.js';
import { generateEdi, type EdiDocumentType } from '../../nodes/edi/generate.js';

const FIXTURES = [
  'x12-850-4010-crlf.edi', 'x12-850-5010-pipe.edi', 'x12-850-4010-caret.edi', 'x12-multi-group.edi', 'x12-855-4010.edi', 'x12-856-5010-sotpi.edi',
  'x12-856-4010-sopi.edi', 'x12-810-4010.edi', 'x12-997-4010.edi', 'edifact-orders-una-escaped.edi', 'edifact-orders-d01b.edi', 'edifact-ordrsp-d01b.edi',
  'edifact-desadv-d96a.edi', 'edifact-invoic-d01b.edi', 'edifact-contrl.edi', 'edifact-groups.edi',
].map((name) => fixture(name)).concat(
  // The lenient and fidelity variants: wrapped lines, a mailbag, split schedules, GTIN-only lines.
  GTIN_ONLY_850, SPLIT_855, SPLIT_ORDRSP, wrap(fixture('x12-856-4010-sopi.edi'), 80), wrap(fixture('edifact-invoic-d01b.edi'), 80),
  fixture('x12-850-4010-crlf.edi') + fixture('x12-810-4010.edi'), fixture('edifact-orders-d01b.edi') + fixture('edifact-desadv-d96a.edi'),
);

/** Characters that matter to the codecs: every delimiter we use, release chars, line breaks, digits, letters and non-ASCII. */
const INTERESTING = "*~>^|\\:+.?' \r\n0123456789ABCDEFGHISTUNXYZabc\u00e9\u20ac\u0000";

function mutate(text: string, random: () => number): string {
  const pick = (limit: number) => Math.floor(random() * limit);
  const char = () => INTERESTING[pick(INTERESTING.length)] as string;
  let result = text;
  const rounds = 1 + pick(4);
  for (let round = 0; round < rounds; round++) {
    const at = pick(result.length + 1);
    switch (pick(8)) {
      case 0: result = result.slice(0, at) + result.slice(at + 1); break;
      case 1: result = result.slice(0, at) + char() + result.slice(at); break;
      case 2: result = result.slice(0, at) + char() + result.slice(at + 1); break;
      case 3: result = result.slice(0, at); break;
      case 4: { const length = pick(60); result = result.slice(0, at) + result.slice(at, at + length) + result.slice(at); break; }
      case 5: { const length = pick(200); result = result.slice(0, at) + result.slice(at + length); break; }
      case 6: { const from = pick(result.length); result = result.slice(0, at) + result.slice(from, from + pick(40)) + result.slice(at); break; }
      default: { const digit = String(pick(10)); result = result.slice(0, at) + result.slice(at).replace(/\d/, digit); break; }
    }
  }
  return result;
}

describe('parser robustness under random mutation', () => {
  it('only ever returns a result or throws a located EdiError (4,000 seeded mutations)', () => {
    const random = seededRandom(20261122);
    const outcomes = { parsed: 0, thrown: 0, withErrors: 0 };
    for (let iteration = 0; iteration < 4000; iteration++) {
      const source = FIXTURES[iteration % FIXTURES.length] as string;
      const mutated = mutate(source, random);
      try {
        const result = parseEdi(mutated, { to: iteration % 3 === 0 ? 'both' : 'canonical' });
        outcomes.parsed++;
        if (result.errors.length) outcomes.withErrors++;
        for (const error of result.errors) {
          expect(typeof error.code).toBe('string');
          expect(typeof error.message).toBe('string');
        }
        expect(() => JSON.stringify(result)).not.toThrow();
      } catch (error) {
        if (!(error instanceof EdiError)) throw new Error(`iteration ${iteration} threw ${String(error)} for ${JSON.stringify(mutated.slice(0, 300))}`, { cause: error });
        outcomes.thrown++;
        expect(error.code).toMatch(/^[A-Z_]+$/);
      }
    }
    // The mix must exercise both paths, or the mutations are not testing anything.
    expect(outcomes.thrown).toBeGreaterThan(100);
    expect(outcomes.withErrors).toBeGreaterThan(100);
    expect(outcomes.parsed - outcomes.withErrors).toBeGreaterThan(10);
  });

  it('strict mode also throws nothing but EdiError', () => {
    const random = seededRandom(7);
    for (let iteration = 0; iteration < 1000; iteration++) {
      const mutated = mutate(FIXTURES[iteration % FIXTURES.length] as string, random);
      try {
        parseEdi(mutated, { strict: true });
      } catch (error) {
        expect(error).toBeInstanceOf(EdiError);
      }
    }
  });

  it('builds acknowledgements for whatever parsed, without throwing', async () => {
    const random = seededRandom(99);
    for (let iteration = 0; iteration < 500; iteration++) {
      let result;
      try {
        result = parseEdi(mutate(FIXTURES[iteration % FIXTURES.length] as string, random));
      } catch (error) {
        expect(error).toBeInstanceOf(EdiError);
        continue;
      }
      try {
        await generateAcknowledgements(result);
      } catch (error) {
        // Mutated ids can contain delimiters; that is the only acceptable refusal.
        expect(error).toBeInstanceOf(EdiError);
      }
    }
  });

  it('never makes tl-edi-parse fail on mutated input', async () => {
    const harness = await createNodeHarness(ediParseNode, { acknowledge: 'always' });
    const random = seededRandom(5);
    for (let iteration = 0; iteration < 300; iteration++) {
      const { error, outputs } = await harness.send({ payload: mutate(FIXTURES[iteration % FIXTURES.length] as string, random) });
      if (error) expect(error.code).toMatch(/^(EDI_|DELIMITER_IN_VALUE|INVALID_)/);
      else expect(outputs[0]!.length + outputs[1]!.length).toBeGreaterThan(0);
    }
  });
});

describe('decoder and writer robustness', () => {
  it('reads mutated bytes (Latin-1 UNOC, UTF-8 with BOM) to a result or a located EdiError', () => {
    const random = seededRandom(1234);
    const sources = [Buffer.from(fixture('edifact-orders-d01b.edi').replace('Northwind', 'Nordwind Müller'), 'latin1'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixture('x12-855-4010.edi'))])];
    for (let iteration = 0; iteration < 600; iteration++) {
      const source = sources[iteration % sources.length] as Buffer;
      const bytes = Buffer.from(source);
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        const result = parseEdi(bytes);
        for (const problem of [...result.errors, ...result.warnings]) expect(typeof problem.code).toBe('string');
      } catch (error) {
        if (!(error instanceof EdiError)) throw new Error(`iteration ${iteration} threw ${String(error)}`, { cause: error });
      }
    }
  });

  it('writes mutated canonical documents or refuses them with a located EdiError, never a TypeError', async () => {
    const random = seededRandom(4321);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const sources: Array<[EdiDocumentType, string, unknown]> = [];
    for (const [type, version, text] of [['850', '004010', GTIN_ONLY_850], ['855', '004010', SPLIT_855], ['856', '005010', fixture('x12-856-5010-sotpi.edi')], ['810', '004010', fixture('x12-810-4010.edi')],
      ['ORDERS', 'D.01B', fixture('edifact-orders-d01b.edi')], ['ORDRSP', 'D.01B', SPLIT_ORDRSP], ['DESADV', 'D.96A', fixture('edifact-desadv-d96a.edi')], ['INVOIC', 'D.01B', fixture('edifact-invoic-d01b.edi')]] as const) {
      sources.push([type, version, parseEdi(text).transactions[0]!.document]);
    }
    const garbage = [null, undefined, 0, -1, '', 'x', [], {}, true, 'ISA*~', Number.NaN];
    let refused = 0;
    for (let iteration = 0; iteration < 800; iteration++) {
      const [type, version, original] = sources[iteration % sources.length]!;
      const document = structuredClone(original) as Record<string, unknown>;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        // Walk down a random path and replace or delete what is there.
        let holder: Record<string, unknown> = document;
        for (let depth = 0; depth < 4; depth++) {
          const keys = Object.keys(holder);
          if (!keys.length) break;
          const key = pick(keys);
          const next = holder[key];
          if (depth < 3 && next && typeof next === 'object' && random() < 0.6) holder = next as Record<string, unknown>;
          else {
            if (random() < 0.3) delete holder[key];
            else holder[key] = pick(garbage);
            break;
          }
        }
      }
      try {
        const written = await generateEdi({ type, version, document, sender: { id: 'S' }, receiver: { id: 'R' } });
        expect(() => parseEdi(written.text)).not.toThrow();
      } catch (error) {
        if (!(error instanceof EdiError)) throw new Error(`iteration ${iteration} (${type}) threw ${String(error)}`, { cause: error });
        refused++;
        expect(error.code).toMatch(/^(INVALID_DOCUMENT|DELIMITER_IN_VALUE)$/);
        if (error.code === 'INVALID_DOCUMENT') expect(error.path).toMatch(/^\//);
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});

describe('large files', () => {
  it('parses a 10,000-line 850 into one purchase order', () => {
    const text = buildSample850({ lines: 10_000 });
    const result = parseEdi(text);
    expect(result.errors).toEqual([]);
    const order = result.transactions[0]!.document as { lines: Array<{ line: number; sku: string }> };
    expect(order.lines).toHaveLength(10_000);
    expect(order.lines[9_999]).toMatchObject({ line: 10_000, sku: 'NW-010000' });
  });

  it('streams a file of 200 such sets without retaining the segments', async () => {
    const { readX12 } = await import('../../nodes/edi/x12/reader.js');
    const one = buildSample850({ lines: 50 });
    const body = one.slice(one.indexOf('ST*850'), one.indexOf('GE*1*1'));
    const sets = Array.from({ length: 200 }, (_, i) => body.replaceAll('*0001~', `*${String(i + 1).padStart(4, '0')}~`)).join('');
    const text = one.slice(0, one.indexOf('ST*850')) + sets + 'GE*200*1~\nIEA*1*000000001~\n';
    let lines = 0;
    const document = readX12(text, { retainTransactions: false, onTransaction: (transaction) => { lines += transaction.segments.filter((s) => s.id === 'PO1').length; } });
    expect(lines).toBe(200 * 50);
    expect(document.interchanges[0]!.groups[0]!.transactions).toEqual([]);
    expect(document.interchanges[0]!.groups[0]!.transactionCount).toBe(200);
  });
});
