// L1's seeding as its own process (`node l1-seed-child.js FILE COUNT`): the searching process's RSS then holds no seeding garbage.
import { seedSqliteLedger } from './l1-seed.js';

const [file, count] = process.argv.slice(2);
if (!file || !Number.isSafeInteger(Number(count))) {
  process.stderr.write('usage: l1-seed-child FILE COUNT\n');
  process.exit(2);
}
const result = seedSqliteLedger(file, Number(count), (stored) => { if (stored % 250_000 === 0) process.stderr.write(`  L1: ${stored} documents stored\n`); });
process.stdout.write(`${JSON.stringify({ documentsPerSec: result.documentsPerSec, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
