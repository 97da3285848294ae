// A purchase order's lifecycle with its partner's SLA: when each step is due, which is overdue or was late, the 997 from ackStatus, and the order's open alerts.
import { describe, expect, it } from 'vitest';
import type { EdiControl } from '../../nodes/sdk/index.js';
import { lifecycleOf } from '../../runtime/ledger/lifecycle.js';
import type { DocumentSummary } from '../../runtime/ledger/ledger-queries.js';
import type { Alert } from '../../runtime/ledger/alert-store.js';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;
const iso = (at: number) => new Date(at).toISOString();

function document(id: string, documentType: string, at: number, extra: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    id, documentType, direction: documentType === 'purchaseOrder' ? 'out' : 'in', channel: 'edi', status: 'accepted', correlationId: `c-${id}`, partnerId: 'acme',
    keys: { poNumber: 'PO-7001' }, errors: [], receivedAt: iso(at), updatedAt: iso(at), ...extra,
  };
}

const alert: Alert = {
  id: 'a1', dedupeKey: 'sla.ack-overdue:d1', kind: 'sla.ack-overdue', severity: 'warning', status: 'open', partnerId: 'acme', subject: 'PO PO-7001 not acknowledged by acme',
  documentId: 'd1', poNumber: 'PO-7001', keys: { poNumber: 'PO-7001' }, dueAt: iso(T0 + 4 * HOUR), raisedAt: iso(T0 + 5 * HOUR), updatedAt: iso(T0 + 5 * HOUR),
};

describe('lifecycle with SLA due times', () => {
  const sla = { ackWithinHours: 4, functionalAckWithinMinutes: 30, asnBeforeArrivalHours: 24 };
  const sentEdi: EdiControl = { standard: 'x12', interchangeControl: '000000901', ackStatus: 'expected' };

  it('marks the missing acknowledgement and 997 overdue, shows when the ASN is due, and lists the open alerts', () => {
    const documents = [document('d1', 'purchaseOrder', T0, { status: 'overdue', edi: sentEdi })];
    const lifecycle = lifecycleOf('PO-7001', documents, { now: T0 + 6 * HOUR, sla, alerts: [alert], deliveryAt: Date.parse('2026-12-04T00:00:00Z') });
    const steps = Object.fromEntries(lifecycle.steps.map((step) => [step.step, step]));
    expect(steps.functionalAck).toMatchObject({ state: 'pending', dueAt: iso(T0 + 30 * 60_000), overdue: true });
    expect(steps.acknowledgement).toMatchObject({ state: 'pending', dueAt: iso(T0 + 4 * HOUR), overdue: true });
    expect(steps.asn).toMatchObject({ state: 'pending', dueAt: '2026-12-03T00:00:00.000Z' });
    expect(steps.asn).not.toHaveProperty('overdue');
    expect(steps.invoice).not.toHaveProperty('dueAt');
    expect(lifecycle.alerts).toEqual([{ id: 'a1', kind: 'sla.ack-overdue', severity: 'warning', status: 'open', subject: alert.subject, raisedAt: alert.raisedAt, dueAt: alert.dueAt }]);
    expect(lifecycle.openProblems.map((problem) => problem.status)).toEqual(['overdue']);
  });

  it('shows a late acknowledgement as done and late, and a 997 accepted on the interchange as done', () => {
    const documents = [
      document('d1', 'purchaseOrder', T0, { status: 'acknowledged', edi: { ...sentEdi, ackStatus: 'accepted' } }),
      document('d2', 'acknowledgement', T0 + 5 * HOUR),
      document('d3', 'asn', T0 + 10 * HOUR),
    ];
    const lifecycle = lifecycleOf('PO-7001', documents, { now: T0 + 12 * HOUR, sla, alerts: [] });
    const steps = Object.fromEntries(lifecycle.steps.map((step) => [step.step, step]));
    expect(steps.functionalAck).toMatchObject({ state: 'done', dueAt: iso(T0 + 30 * 60_000) });
    expect(steps.functionalAck).not.toHaveProperty('overdue');
    expect(steps.acknowledgement).toMatchObject({ state: 'done', late: true, sincePreviousMs: 5 * HOUR });
    expect(steps.acknowledgement).not.toHaveProperty('overdue');
    expect(steps.asn).not.toHaveProperty('dueAt');
    expect(lifecycle.alerts).toEqual([]);
  });

  it('has no due times without a partner SLA, and an acknowledgement on time is not late', () => {
    const documents = [document('d1', 'purchaseOrder', T0), document('d2', 'acknowledgement', T0 + HOUR)];
    expect(lifecycleOf('PO-7001', documents, { now: T0 + 50 * HOUR, sla: {}, alerts: [] }).steps.every((step) => step.dueAt === undefined)).toBe(true);
    const onTime = lifecycleOf('PO-7001', documents, { now: T0 + 50 * HOUR, sla, alerts: [] }).steps.find((step) => step.step === 'acknowledgement')!;
    expect(onTime).toMatchObject({ state: 'done', dueAt: iso(T0 + 4 * HOUR) });
    expect(onTime).not.toHaveProperty('late');
  });

  it('lists the ERP post and webhook of an acknowledgement among the documents, but not as acknowledgements of their own', () => {
    const documents = [
      // Issued by the ERP (the erp channel) and no child of anything: the PO step.
      document('d1', 'purchaseOrder', T0, { status: 'sent', channel: 'erp', direction: 'out' }),
      document('d2', 'acknowledgement', T0 + HOUR, { channel: 'intake', status: 'posted' }),
      document('d3', 'acknowledgement', T0 + HOUR + 1000, { channel: 'erp', direction: 'out', status: 'failed', parentId: 'd2' }),
      document('d4', 'acknowledgement', T0 + HOUR + 2000, { channel: 'webhook', direction: 'out', status: 'posted', parentId: 'd2' }),
    ];
    const lifecycle = lifecycleOf('PO-7001', documents);
    expect(lifecycle.steps.find((step) => step.step === 'purchaseOrder')).toMatchObject({ state: 'done', documentIds: ['d1'] });
    expect(lifecycle.steps.find((step) => step.step === 'acknowledgement')).toMatchObject({ state: 'done', documentIds: ['d2'], sincePreviousMs: HOUR });
    expect(lifecycle.documents.map((entry) => entry.id)).toEqual(['d1', 'd2', 'd3', 'd4']);
  });
});
