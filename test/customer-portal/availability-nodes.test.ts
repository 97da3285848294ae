// tl-availability-update and tl-availability-read through the SDK harness: updates by asOf (newer wins), located refusal of bad events, reads of known and unknown SKUs.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, createMemoryServices } from '../../nodes/sdk/index.js';
import { availabilityReadNode, availabilityUpdateNode } from '../../nodes/customer-portal/index.js';

const position = (sku: string, location: string, available: number, asOf: string) => ({ sku, location, available, asOf });

describe('the availability cache nodes', () => {
  it('keeps the newest availability per SKU and location, whatever order the events arrive in', async () => {
    const services = createMemoryServices();
    const update = await createNodeHarness(availabilityUpdateNode, { cacheName: 'c' }, { services });
    const read = await createNodeHarness(availabilityReadNode, { cacheName: 'c', skusExpression: 'payload.skus', locationExpression: 'payload.location' }, { services });
    const first = await update.send({ payload: { positions: [position('A', 'EAST', 10, '2026-12-03T10:00:00Z'), position('A', 'WEST', 4, '2026-12-03T10:00:00Z')] } });
    expect(first.error).toBeUndefined();
    expect(first.outputs[0]![0]!.availability).toEqual({ applied: 2, stale: 0 });
    // A late event measured before the one cached is ignored; a newer one replaces it.
    const late = await update.send({ payload: { positions: [position('A', 'EAST', 99, '2026-12-03T09:00:00Z')] } });
    expect(late.outputs[0]![0]!.availability).toEqual({ applied: 0, stale: 1 });
    await update.send({ payload: { positions: [position('A', 'WEST', 3, '2026-12-03T11:00:00Z')] } });

    const both = await read.send({ payload: { skus: ['A', 'B'] } });
    expect(both.outputs[0]![0]!.payload).toMatchObject({
      items: [{ sku: 'A', locations: { EAST: { available: 10, asOf: '2026-12-03T10:00:00Z' }, WEST: { available: 3, asOf: '2026-12-03T11:00:00Z' } } }],
      missing: ['B'],
    });
    const west = await read.send({ payload: { skus: ['A'], location: 'WEST' } });
    expect((west.outputs[0]![0]!.payload as { items: Array<{ locations: object }> }).items[0]!.locations).toEqual({ WEST: { available: 3, asOf: '2026-12-03T11:00:00Z' } });
    await update.close();
    await read.close();
  });

  it('refuses an invalid event whole, with every problem located, and writes nothing of it', async () => {
    const services = createMemoryServices();
    const update = await createNodeHarness(availabilityUpdateNode, { cacheName: 'c' }, { services });
    const result = await update.send({ payload: { positions: [position('A', 'EAST', 1, '2026-12-03T10:00:00Z'), { sku: 'B', location: '', available: 'many', asOf: 'yesterday' }] } });
    expect(result.error).toMatchObject({ code: 'AVAILABILITY_INVALID', retryable: false });
    expect((result.error as { details: Array<{ path: string }> }).details.map((problem) => problem.path)).toEqual(['$.positions[1].location', '$.positions[1].available', '$.positions[1].asOf']);
    expect(await services.keyValue('availability:c').get('A')).toBeUndefined();
    await update.close();
  });

  it('refuses a read without SKUs', async () => {
    const read = await createNodeHarness(availabilityReadNode, { cacheName: 'c' });
    const result = await read.send({ payload: { skus: [] } });
    expect(result.error).toMatchObject({ code: 'AVAILABILITY_NO_SKUS', retryable: false });
    await read.close();
  });
});
