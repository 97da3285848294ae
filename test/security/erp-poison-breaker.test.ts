// Attack: a handful of poison messages (refused for good, or unsendable) used to open the shared ERP circuit and hold innocent acks back.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { erpPostNode } from '../../nodes/erp/index.js';
import { useDemoErp } from '../erp/demo-erp-helpers.js';
import { realAck, refusedAck } from './erp-support.js';

const erp = useDemoErp();

describe('poison messages and the ERP circuit breaker', () => {
  it('six poison acks of every kind leave the circuit closed; the innocent ack after them is applied at once', async () => {
    const clock = new ManualClock(); // time does not pass: an open circuit would stay open for the whole test
    const node = await createNodeHarness(erpPostNode, {
      baseUrl: erp.baseUrl, breakerThreshold: 2, breakerCooldownMs: 30_000,
      idempotencyKeyExpression: 'partnerId & ":" & payload.poNumber & ":" & payload.ackNumber',
    }, { services: { clock } });
    try {
      const poison = [
        { payload: refusedAck('PO-1003', 'P-422-1'), partnerId: 'demo-supplier' },
        { payload: refusedAck('PO-1003', 'P-422-2'), partnerId: 'demo-supplier' },
        { payload: realAck('PO-1004', 'P-😀-1'), partnerId: 'demo-supplier', correlationId: 'bad\r\nX-Injected: 1' },
        { payload: realAck('PO-1005', 'P-403'), partnerId: 'someone-else' },
        { payload: realAck('PO-1006', 'P-bad-partner'), partnerId: 'demo-supplier\nX-Admin: yes' },
        { payload: realAck('PO-1006', 'P-bad-partner-2'), partnerId: 'dém😀' },
      ];
      const outcomes = [];
      for (const message of poison) outcomes.push((await node.send(structuredClone(message))).error);
      expect(outcomes.map((error) => error?.code)).toEqual([
        'ERP_REJECTED', 'ERP_REJECTED', undefined /* encoded: delivered */, 'ERP_FORBIDDEN', 'ERP_INVALID_HEADER', 'ERP_INVALID_HEADER',
      ]);
      for (const error of outcomes) if (error) expect(error.retryable).toBe(false);
      expect(node.statuses.map((status) => status.text)).not.toContain('circuit open');

      const innocent = await node.send({ payload: realAck('PO-1007', 'INNOCENT-1'), partnerId: 'demo-supplier' });
      expect(innocent.error).toBeUndefined();
      expect(innocent.outputs[0]?.[0]?.erp).toMatchObject({ status: 201 });
    } finally {
      await node.close();
    }
  });

  it('over SOAP too, another partner\'s PO is a permanent, located Client fault that leaves the circuit closed', async () => {
    const node = await createNodeHarness(erpPostNode, { baseUrl: erp.baseUrl, adapter: 'soap', pathExpression: '"/soap"', breakerThreshold: 1 });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const result = await node.send({ payload: realAck('PO-1010', `SOAP-STOLEN-${attempt}`), partnerId: 'someone-else' });
        expect(result.error).toMatchObject({ code: 'ERP_SOAP_FAULT', retryable: false });
        expect((result.error?.details as { problems: unknown[] }).problems).toEqual([{ path: '$.poNumber', message: 'PO-1010 is not a purchase order of partner someone-else' }]);
      }
      expect(node.statuses.map((status) => status.text)).not.toContain('circuit open');
      expect((await node.send({ payload: realAck('PO-1010', 'SOAP-OWN-1'), partnerId: 'demo-supplier' })).error).toBeUndefined();
    } finally {
      await node.close();
    }
  });

  it('transport failures still open it (the breaker is not simply off)', async () => {
    const clock = new ManualClock();
    const node = await createNodeHarness(erpPostNode, { baseUrl: 'http://127.0.0.1:9/erp', breakerThreshold: 2, breakerCooldownMs: 30_000, timeoutMs: 500 }, { services: { clock } });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) expect((await node.send({ payload: realAck('PO-1008', `T-${attempt}`) })).error?.code).toBe('ERP_UNAVAILABLE');
      expect((await node.send({ payload: realAck('PO-1008', 'T-2') })).error?.code).toBe('ERP_CIRCUIT_OPEN');
      expect(node.statuses.at(-1)).toMatchObject({ text: 'circuit open' });
    } finally {
      await node.close();
    }
  });
});
