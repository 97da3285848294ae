// A small order flow for flow-test tests: intake -> mapping -> ERP post (stubbed in tests) -> respond; the mapping is what tests break.
export const GOOD_MAPPING = '{"order": payload.po, "qty": payload.qty}';
export const BROKEN_MAPPING = '{"order": payload.po, "qty": payload.qty * 10}';

/** Node ids are `<flowId>-in`, `-map`, `-erp`, `-respond`. The ERP address is a closed port: a real post would fail. */
export function orderFlow(flowId: string, mapping = GOOD_MAPPING): Array<Record<string, unknown>> {
  const z = flowId;
  return [
    { id: flowId, type: 'tab', label: `Orders ${flowId}` },
    { id: `${flowId}-in`, type: 'tl-intake', z, x: 120, y: 100, name: 'order in', partnerId: 'demo-supplier', path: flowId, auth: 'api-key', wires: [[`${flowId}-map`]] },
    { id: `${flowId}-map`, type: 'tl-transform', z, x: 320, y: 100, name: 'map order', expression: mapping, property: 'payload', wires: [[`${flowId}-erp`]] },
    { id: `${flowId}-erp`, type: 'tl-erp-post', z, x: 520, y: 100, name: 'post order', baseUrl: 'http://127.0.0.1:9', method: 'POST', pathExpression: '"/orders"', wires: [[`${flowId}-respond`]] },
    { id: `${flowId}-respond`, type: 'tl-respond', z, x: 720, y: 100, name: 'answer', statusCode: 201, bodyExpression: '{"order": payload.order, "qty": payload.qty, "correlationId": correlationId}', wires: [] },
  ];
}
