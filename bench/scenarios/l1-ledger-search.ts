// L1 ledger search: seeds the embedded SQL ledger with 1,000,000 documents and measures business-key search latency and RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlDatabase, SQLITE_FILENAME, type SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerQueries, type DocumentFilters } from '../../runtime/ledger/ledger-queries.js';
import type { BenchOptions } from '../lib/options.js';
import { ratioResult, type ScenarioResult, type VariantResult } from '../lib/report.js';
import { median, percentile, ratio } from '../lib/stats.js';
import { L1_PARTNERS as PARTNERS, seedSqliteLedger } from './l1-seed.js';
import type { Log } from './log.js';

/** The bar: a business-key search over 1,000,000 documents answers within 200 ms. */
export const L1_GOALS = { searchMs: 200 } as const;
const QUERIES = 300;

function rssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}

/** The process's peak resident set so far (the seeding included), from getrusage. */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function timeQueries(label: string, run: (index: number) => Promise<number>): Promise<VariantResult> {
  const times: number[] = [];
  let found = 0;
  for (let index = 0; index < QUERIES; index++) {
    const started = performance.now();
    found += await run(index);
    times.push(performance.now() - started);
  }
  return { name: label, throughput: 1000 / median(times), unit: 'queries/s', p50Ms: median(times), p99Ms: percentile(times, 99), rssMb: rssMb(), extra: { documentsFound: found } };
}

export async function runL1(options: BenchOptions, log: Log): Promise<ScenarioResult> {
  const base = { id: 'L1', title: 'ledger search by business key over stored documents' };
  const started = performance.now();
  const count = options.quick ? 200_000 : 1_000_000;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tradelane-l1-'));
  let database: SqlDatabase | undefined;
  try {
    // The schema comes from the runtime's migrations; the rows from the ledger's own helpers, written in bulk (the writer's
    // batches would take minutes for a million); then the runtime's connection and queries read them, as the API does.
    await (await openSqlDatabase({ dataDir })).close();
    log(`L1: seeding ${count} documents into the embedded SQL ledger`);
    const { documentsPerSec: insertsPerSec, sampleIds } = seedSqliteLedger(path.join(dataDir, SQLITE_FILENAME), count, (stored) => { if (stored % 250_000 === 0) log(`  L1: ${stored} documents stored`); });
    database = await openSqlDatabase({ dataDir });
    const queries = new LedgerQueries(database);
    const rssAfterFill = rssMb();
    const orders = count / 4;
    const pick = (index: number) => Math.floor(((index * 7919) % orders));
    const search = async (filters: DocumentFilters) => (await queries.search({ ...filters, limit: 50 })).documents.length;
    const variants = [
      await timeQueries('by document id (baseline)', async (index) => ((await queries.get(sampleIds[pick(index)]!)) ? 1 : 0)),
      await timeQueries('key=PO-n (whole key)', (index) => search({ key: `PO-${pick(index)}` })),
      await timeQueries('key=n (word inside the key)', (index) => search({ key: String(pick(index)) })),
      await timeQueries('key + partner + type + last 30 days', (index) => search({ key: `PO-${pick(index)}`, partner: PARTNERS[pick(index) % PARTNERS.length]!, type: 'invoice', from: Date.now() - 30 * 86_400_000 })),
      await timeQueries('partner, newest 50', (index) => search({ partner: PARTNERS[index % PARTNERS.length]! })),
    ];
    const [baseline, wholeKey, wordKey] = variants;
    log(`L1: ${Math.round(insertsPerSec)} documents/s seeded; RSS ${rssAfterFill.toFixed(0)} MB once reopened, ${rssMb().toFixed(0)} MB after the searches, peak ${peakRssMb().toFixed(0)} MB (seeding included)`);
    return {
      ...base,
      status: 'ok',
      variants: [{ name: `seed ${count} documents (bulk inserts)`, throughput: insertsPerSec, unit: 'documents/s', rssMb: rssAfterFill, extra: { peakRssMb: peakRssMb() } }, ...variants],
      ratios: [
        ratioResult(`whole-key search p99 within ${L1_GOALS.searchMs} ms (goal ÷ p99)`, ratio(L1_GOALS.searchMs, wholeKey!.p99Ms), 1),
        ratioResult(`word-in-key search p99 within ${L1_GOALS.searchMs} ms (goal ÷ p99)`, ratio(L1_GOALS.searchMs, wordKey!.p99Ms), 1),
        ratioResult('primary-key lookup ÷ whole-key search (p50)', ratio(baseline!.p50Ms, wholeKey!.p50Ms)),
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
