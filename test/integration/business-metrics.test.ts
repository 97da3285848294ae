// Business metrics on a real runtime's /metrics: documents, latencies, queues, circuits, dead letters, SLA, deploys; labels never carry a correlation id or PO number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, postAck } from '../reliability/support.js';
import { waitFor } from '../support/wait-for.js';

/** The value of one series, by its exact label set as Prometheus prints it; 0 when absent. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('business metrics', () => {
  let runtime: RuntimeProcess;
  const scrape = async () => (await fetch(`${runtime.url}/metrics`)).text();

  beforeAll(async () => {
    runtime = await startRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('exports every business series, and counts documents, ERP posts and deploys as they happen', async () => {
    const before = await scrape();
    for (const name of ['tradelane_documents_total', 'tradelane_processing_duration_seconds', 'tradelane_erp_post_duration_seconds', 'tradelane_queue_depth', 'tradelane_queue_in_flight',
      'tradelane_queue_retrying', 'tradelane_dead_letters_open', 'tradelane_circuit_state', 'tradelane_sla_breaches_open', 'tradelane_ack_latency_seconds', 'tradelane_deploys_total', 'tradelane_ledger_writes_dropped_total']) {
      expect(before, name).toContain(`# TYPE ${name} `);
    }
    expect(before).toContain('tradelane_circuit_state{flow="demo-supplier-po-ack",node="post ack to demo ERP"} 0');
    expect(valueOf(before, 'tradelane_deploys_total{outcome="ok"}')).toBeGreaterThanOrEqual(1);
    const accepted = 'tradelane_documents_total{partner="demo-supplier",flow="demo-supplier-po-ack",document_type="acknowledgement",direction="in",channel="intake",status="accepted"}';
    const erpPosted = 'tradelane_erp_post_duration_seconds_count{flow="demo-supplier-po-ack",document_type="acknowledgement",status="posted"}';
    expect(await postAck(runtime.url, runtime.demoApiKey, ackBody({ poNumber: 'PO-1004', ackNumber: 'MET-1' }), { 'X-Correlation-Id': 'met-corr-1' })).toBe(202);
    expect(await postAck(runtime.url, runtime.demoApiKey, ackBody({ poNumber: 'PO-1005', ackNumber: 'MET-2' }))).toBe(202);
    const after = await waitFor(scrape, (text) => valueOf(text, erpPosted) >= valueOf(before, erpPosted) + 2, 30_000, 'two ERP posts observed');
    expect(valueOf(after, accepted)).toBe(valueOf(before, accepted) + 2);
    expect(after).not.toContain('met-corr-1');
    expect(after).not.toContain('PO-1004');

    const admin = await runtime.login();
    const flow = (await runtime.api<{ flow: unknown[] }>('GET', '/api/flows/demo-supplier-po-ack', undefined, admin)).body.flow;
    expect((await runtime.api('PUT', '/api/flows/demo-supplier-po-ack', { flow, message: 'metrics test' }, admin)).status).toBe(200);
    expect(valueOf(await scrape(), 'tradelane_deploys_total{outcome="ok"}')).toBe(valueOf(before, 'tradelane_deploys_total{outcome="ok"}') + 1);
  });
});
