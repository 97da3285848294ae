// The acknowledgement latency hook for metrics, on both SQL engines: one observation per purchase order (PO sent -> first acknowledgement), none for refusals or repeats.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServerProcess } from '../support/postgres-server.js';
import { AckLatencyObserver, type AckLatencyObservation } from '../../runtime/ledger/ack-latency.js';
import { closeOpenRigs, engines, HOUR, logger, manualClock, MINUTE, slaRig } from './sla-support.js';

let postgres: PostgresServerProcess;
beforeAll(async () => { postgres = await startPostgres(); });
afterEach(closeOpenRigs);
afterAll(async () => { await postgres?.kill(); });

describe.each(engines(() => postgres))('acknowledgement latency on $name', ({ home }) => {
  it('observes the first acknowledgement of each order once, also one typed by a later patch, and ignores refusals, repeats and unknown orders', async () => {
    const clock = manualClock();
    const rig = await slaRig(await home(), clock, () => []);
    const heardAcknowledgements: number[] = [];
    const observer = new AckLatencyObserver(rig.database, rig.writer, logger, () => heardAcknowledgements.push(clock.at));
    const observations: AckLatencyObservation[] = [];
    observer.onObservation((observation) => observations.push(observation));
    observer.start();

    const order = (partnerId: string, poNumber: string) => rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId, keys: { poNumber } });
    order('acme', 'PO-8001');
    order('beta', 'PO-8002');
    clock.advance(2 * HOUR);
    rig.record({ documentType: 'acknowledgement', status: 'refused', partnerId: 'acme', keys: { poNumber: 'PO-8001' } });
    rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-8001' } });
    clock.advance(30 * MINUTE);
    rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-8001' } });
    rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-UNKNOWN' } });
    // Intake records a request first and learns what it is later.
    const typedLater = rig.record({ documentType: 'http-request', status: 'received', partnerId: 'beta' });
    rig.writer.update({ documentId: typedLater }, { documentType: 'acknowledgement', status: 'accepted', keys: { poNumber: 'PO-8002' } });
    await observer.settle();

    expect(observations).toEqual([{ partnerId: 'acme', seconds: 7200 }, { partnerId: 'beta', seconds: 9000 }]);
    expect(heardAcknowledgements).toHaveLength(4);
    await observer.close();
  });
});
