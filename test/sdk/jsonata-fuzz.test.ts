// Differential fuzz: seeded random expressions (from the compiled subset) and documents, compiled engine vs jsonata-js.
import { describe, expect, it } from 'vitest';
import { createRandom, randomDocument, randomExpression } from '../support/jsonata-fuzz.js';
import { bothFailed, canonical, runCompiled, runEngine, runJsonataJs, sameOutcome } from '../support/jsonata-differential.js';

const SEEDS = [1, 17, 2026, 424242];
const CASES_PER_SEED = 500;

describe('compiled JSONata vs jsonata-js on generated expressions', () => {
  it.each(SEEDS)('seed %i: identical results or identical error codes', async (seed) => {
    const random = createRandom(seed);
    const differences: string[] = [];
    const rawCodeDifferences: string[] = [];
    const paths = { compiled: 0, fallback: 0, rescued: 0 };
    let errors = 0;
    for (let index = 0; index < CASES_PER_SEED; index++) {
      const expression = randomExpression(random);
      const document = randomDocument(random);
      const reference = await runJsonataJs(expression, document, {});
      const raw = await runCompiled(expression, document, {});
      const engine = await runEngine(expression, document, {});
      paths[raw.path]++;
      if (reference.kind === 'error') errors++;
      const where = `#${index} ${expression} on ${JSON.stringify(document)}`;
      // What nodes get: always the same value or the same error code.
      if (!sameOutcome(engine.outcome, reference)) differences.push(`${where}: engine ${JSON.stringify(canonical(engine.outcome))} vs jsonata-js ${JSON.stringify(canonical(reference))}`);
      // The closure tree on its own: the same value, or an error too (which code can depend on jsonata-js's concurrency).
      if (!sameOutcome(raw.outcome, reference)) {
        if (bothFailed(raw.outcome, reference)) rawCodeDifferences.push(where);
        else differences.push(`${where}: compiled ${JSON.stringify(canonical(raw.outcome))} vs jsonata-js ${JSON.stringify(canonical(reference))}`);
      }
    }
    console.log(`fuzz seed ${seed}: ${CASES_PER_SEED} cases, ${paths.compiled} compiled, ${paths.rescued} rescued, ${paths.fallback} fell back; ${errors} fail on jsonata-js; ${differences.length} differ; ${rawCodeDifferences.length} fail on both with another code before the rescue`);
    expect(differences).toEqual([]);
    expect(rawCodeDifferences.length).toBeLessThanOrEqual(CASES_PER_SEED * 0.01);
    // The generator only emits supported constructs: everything must have run on the closure tree.
    expect(paths.fallback).toBe(0);
    // Errors are compared too, but most cases must produce values for the test to mean much.
    expect(errors).toBeLessThan(CASES_PER_SEED * 0.6);
  }, 120_000);
});
