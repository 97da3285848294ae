// The SDK's JSONata entry point picks the compiled engine when it can, says why when not, and never answers differently.
import jsonata from 'jsonata';
import { afterEach, describe, expect, it } from 'vitest';
import { compileExpression, compileJsonata, createJsonataBindings, engineOf, evaluateJsonata, stripSequenceMarkers } from '../../nodes/sdk/index.js';
import { ERP_MAPPING, makeAcknowledgement } from '../../bench/fixtures/ack-document.js';

const message = { payload: makeAcknowledgement(), partnerId: 'acme', correlationId: 'c-1' };

async function both(expression: string, input: unknown, bindings: Record<string, unknown> = {}): Promise<[unknown, unknown]> {
  const compiled = compileJsonata(expression);
  const reference = jsonata(expression);
  return [stripSequenceMarkers(await compiled.evaluate(structuredClone(input), bindings)), stripSequenceMarkers(await reference.evaluate(structuredClone(input), bindings))];
}

describe('SDK JSONata engine selection', () => {
  afterEach(() => { delete process.env.TRADELANE_JSONATA_ENGINE; });

  it('compiles the reference mapping and gives jsonata-js\'s result', async () => {
    expect(engineOf(compileJsonata(ERP_MAPPING))).toEqual({ engine: 'compiled' });
    const [compiled, reference] = await both(ERP_MAPPING, message);
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(reference));
    expect((compiled as { lines: unknown[] }).lines).toHaveLength(message.payload.lines.length);
  });

  it('falls back to jsonata-js for constructs outside the subset and says which', async () => {
    const cases: [string, RegExp][] = [
      ['$match(payload.poNumber, /PO/)', /regular expressions/],
      ['payload.lines^(>qty).sku', /order-by/],
      ['payload.lines#$i[$i < 2].sku', /index variable/],
      ['payload.lines.%.poNumber', /parent operator/],
      ['$eval("1 + 1")', /\$eval/],
    ];
    for (const [expression, reason] of cases) {
      const info = engineOf(compileJsonata(expression));
      expect(info.engine, expression).toBe('jsonata');
      expect(info.fallbackReason, expression).toMatch(reason);
      const [compiled, reference] = await both(expression, message);
      expect(compiled).toEqual(reference);
    }
    expect(compileExpression('payload.poNumber').engine).toEqual({ engine: 'compiled' });
  });

  it('keeps sequence semantics: singletons, empty results and keep-array', async () => {
    for (const expression of ['payload.lines[0].sku', 'payload.lines[0].sku[]', 'payload.lines[qty > 100000].sku', 'payload.lines.sku', '[payload.lines[0].sku]', 'payload.lines[-1].{"s": sku}[]', '$count(payload.nothing)', '$uppercase.implementation', '($f := function($x) { $x }; $f.body)', '{"implementation": 1}.implementation']) {
      const [compiled, reference] = await both(expression, message);
      expect(compiled, expression).toEqual(reference);
    }
  });

  it('reports a run-time error exactly as jsonata-js does: code, message, position and token', async () => {
    const expression = '{\n  "total": payload.poNumber + 1\n}';
    const failure = async (compiled: ReturnType<typeof compileJsonata>) => evaluateJsonata(compiled, expression, message, {}).then(() => undefined, (error: { details: unknown }) => error.details);
    const fromCompiled = await failure(compileJsonata(expression));
    process.env.TRADELANE_JSONATA_ENGINE = 'jsonata';
    const reference = compileJsonata(expression);
    expect(engineOf(reference).engine).toBe('jsonata');
    expect(fromCompiled).toEqual(await failure(reference));
    expect(fromCompiled).toMatchObject({ code: 'T2001', line: 2 });
  });

  it('runs asynchronous bound functions ($xref, $now) on the compiled engine', async () => {
    const tables = { uom: { BOX: { erp: 'BX' }, EA: { erp: 'EA' } } } as Record<string, Record<string, Record<string, string>>>;
    const bindings = createJsonataBindings({
      partnerId: 'acme',
      clock: { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) },
      xref: { lookup: async (table: string, key: string) => { await new Promise((resolve) => setTimeout(resolve, 1)); return tables[table]?.[key]; } },
    });
    const expression = '{ "partner": $partner, "at": $now(), "day": $now("[Y0001]-[M01]-[D01]", "+0100"), "units": $map(payload.lines[[0..2]], function($l) { $xref("uom", $l.uom).erp }), "first": $xref("uom", payload.lines[0].uom) }';
    expect(engineOf(compileJsonata(expression)).engine).toBe('compiled');
    const [compiled, reference] = await both(expression, message, bindings);
    expect(compiled).toEqual(reference);
    expect(compiled).toMatchObject({ at: '2026-01-02T03:04:05.000Z', day: '2026-01-02', units: ['BX', 'EA', 'EA'] });
  });
});
