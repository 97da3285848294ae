// The operator's day on a real runtime: 20 acknowledgements (3 invalid, 1 wrong key), an ERP outage and 2 POs past their SLA, answered by search, lifecycle, refusal lookup, alerts and the overview, all still there after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../security/auth-support.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/alert-receivers.js';
import { EDI_SUPPLIER, INVALID_CORRELATIONS, OVERDUE_POS, runOperatorScenario, scenarioEnv, WRONG_KEY_CORRELATION, type ScenarioFacts } from '../support/operator-scenario.js';
import { waitFor } from '../support/wait-for.js';

interface LedgerDocument {
  id: string;
  status: string;
  documentType: string;
  direction: string;
  channel: string;
  correlationId: string;
  partnerId?: string;
  httpStatus?: number;
  receivedAt: string;
  keys: Record<string, string>;
  errors: Array<{ path?: string; message: string }>;
}
interface Overview {
  totals: { received: number; refused: number; failed: number; posted: number; deadLettered: number };
  backlog: { queued: number; inFlight: number; retrying: number };
  circuits: Array<{ flowId: string; state: string }>;
  sla: { overdue: number; openAlerts: number };
  flows: Array<{ id: string; health: { state: string; reasons: string[] } }>;
}
interface Alert { id: string; kind: string; status: string; poNumber?: string; partnerId?: string }

const DEMO_FLOW = 'demo-supplier-po-ack';

describe('the operator scenario on a real runtime', () => {
  let receiver: WebhookReceiver;
  let runtime: RuntimeProcess;
  let token: string;
  let facts: ScenarioFacts;
  const dataDir = tempDataDir('tradelane-scenario-');
  const filesRoot = tempDataDir('tradelane-scenario-files-');
  const start = () => startRuntime({ dataDir, env: scenarioEnv(receiver.url, filesRoot) });

  const get = async <T>(route: string) => {
    const answer = await runtime.api<T>('GET', route, undefined, token);
    expect(answer.status, `${route}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body;
  };
  const documents = async (query: string) => (await get<{ documents: LedgerDocument[] }>(`/api/documents?${query}&limit=200`)).documents;
  const scenarioAlerts = async () => (await get<{ alerts: Alert[] }>(`/api/alerts?partner=${EDI_SUPPLIER}`)).alerts;
  const deliveriesOf = (alertId: string) => receiver.requests.filter((request) => request.headers['x-tradelane-alert-id'] === alertId);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    runtime = await start();
    token = await runtime.login();
    facts = await runOperatorScenario(runtime, token, { filesRoot, outageSeconds: 8 });
  }, 120_000);
  afterAll(async () => {
    await runtime?.stop();
    await receiver?.close();
  });

  it('shows the ERP outage while it lasts: an open circuit, a failing demo flow and a backlog, and loses nothing', async () => {
    const during = await waitFor(() => get<Overview>('/api/operations/overview'), (overview) => overview.circuits.some((circuit) => circuit.flowId === DEMO_FLOW && circuit.state !== 'closed'), 30_000, 'an open ERP circuit');
    expect(during.flows.find((flow) => flow.id === DEMO_FLOW)!.health.state).toBe('failing');
    expect(during.backlog.queued + during.backlog.inFlight + during.backlog.retrying).toBeGreaterThan(0);
    // After the outage every accepted acknowledgement is posted: waiting in the queue lost none.
    for (const correlationId of facts.duringOutage) {
      await waitFor(() => documents(`correlationId=${correlationId}&channel=intake`), (found) => found.some((document) => document.status === 'posted'), 90_000, `${correlationId} posted after the outage`);
    }
  }, 150_000);

  it('counts all 20 acknowledgements on the overview: 16 posted, 4 refused', async () => {
    const overview = await waitFor(() => get<Overview>('/api/operations/overview'), (answer) => answer.totals.posted >= 16, 30_000, '16 posted');
    const intake = (await documents(`partner=demo-supplier&type=acknowledgement&direction=in`)).filter((document) => document.channel === 'intake');
    expect(intake).toHaveLength(20);
    expect(intake.filter((document) => document.status === 'posted').map((document) => document.correlationId).sort()).toEqual([...facts.accepted].sort());
    expect(intake.filter((document) => document.status === 'refused').map((document) => document.httpStatus).sort()).toEqual([401, 422, 422, 422]);
    expect(overview.totals.refused).toBeGreaterThanOrEqual(4);
  });

  it('finds every document of PO-1001 by its key, and its lifecycle lists them in order', async () => {
    const found = (await documents('key=PO-1001')).filter((document) => document.keys.poNumber === 'PO-1001');
    // The good acknowledgement, its ERP post and the invalid one that named the same PO.
    expect(found.map((document) => `${document.channel}:${document.status}`).sort()).toEqual(['erp:posted', 'intake:posted', 'intake:refused']);
    const lifecycle = await get<{ documents: LedgerDocument[]; steps: Array<{ step: string; state: string; documentIds: string[] }> }>('/api/transactions/PO-1001');
    expect(lifecycle.documents.map((document) => document.id).sort()).toEqual(found.map((document) => document.id).sort());
    const times = lifecycle.documents.map((document) => Date.parse(document.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(lifecycle.steps.find((step) => step.step === 'acknowledgement')).toMatchObject({ state: 'done' });
  });

  it('shows what the acknowledgement changed against the order to roles that read payloads, and hides it from the others', async () => {
    const acknowledgement = (await documents('key=PO-1001')).find((document) => document.channel === 'intake' && document.status === 'posted')!;
    const lifecycle = await get<{ acknowledgementChanges: unknown[] }>('/api/transactions/PO-1001');
    // The demo flow maps the portal's ack straight to the ERP's format (no canonical stage), and its order came from the ERP:
    // the lifecycle compares the ack as sent and says both.
    expect(lifecycle.acknowledgementChanges).toEqual([{
      acknowledgementId: acknowledgement.id, status: 'accepted', lines: [{ line: 1, status: 'accepted', changes: [] }], unansweredLines: [],
      note: expect.stringMatching(/no canonical form of the acknowledgement.*purchase order's payload is not stored/),
    }]);
    const analyst = await createUser(runtime, token, 'scenario-analyst', 'analyst');
    const hidden = await runtime.api<Record<string, unknown>>('GET', '/api/transactions/PO-1001', undefined, analyst);
    expect(hidden.status).toBe(200);
    expect(hidden.body.acknowledgementChanges).toBeUndefined();
    expect(hidden.body.changesHidden).toMatch(/ledger\.payloads/);
  });

  it('finds the 401 and the 422s by their correlation ids, with their reasons', async () => {
    const [unauthorized] = await documents(`correlationId=${WRONG_KEY_CORRELATION}`);
    expect(unauthorized).toMatchObject({ status: 'refused', httpStatus: 401, errors: [{ path: 'header.X-Api-Key', message: 'API key is not valid for this partner' }] });
    const reasons = await Promise.all(INVALID_CORRELATIONS.map(async (correlationId) => (await documents(`correlationId=${correlationId}`))[0]!));
    expect(reasons.map((document) => [document.status, document.httpStatus])).toEqual([['refused', 422], ['refused', 422], ['refused', 422]]);
    expect(reasons.map((document) => document.errors[0]!.path)).toEqual(['$.poNumber', '$.status', '$.lines']);
    // The trace lookup answers for a refusal that never reached a node, instead of "no trace".
    const trace = await get<{ documents: Array<{ id: string; status: string }> }>(`/api/traces/${WRONG_KEY_CORRELATION}`);
    expect(trace.documents).toEqual([expect.objectContaining({ id: unauthorized!.id, status: 'refused' })]);
  });

  it('raises one alert per unacknowledged PO and delivers each to the webhook exactly once', async () => {
    const alerts = await waitFor(scenarioAlerts, (found) => found.length === 2, 30_000, 'two alerts');
    expect(alerts.map((alert) => [alert.kind, alert.poNumber]).sort()).toEqual(OVERDUE_POS.map((po) => ['sla.ack-overdue', po]));
    for (const alert of alerts) await waitFor(async () => deliveriesOf(alert.id).length, (count) => count > 0, 30_000, `delivery of ${alert.id}`);
    const overdue = await get<{ overdue: Array<{ poNumber: string; rule: string }> }>(`/api/sla/overdue?partner=${EDI_SUPPLIER}`);
    expect(overdue.overdue.map((item) => item.poNumber).sort()).toEqual([...OVERDUE_POS]);
    const overview = await get<Overview>('/api/operations/overview');
    expect(overview.sla.overdue).toBeGreaterThanOrEqual(2);
    expect(overview.sla.openAlerts).toBeGreaterThanOrEqual(2);
  });

  it('after a restart still has every document, both alerts (delivered once) and the same totals', async () => {
    const before = { overview: await get<Overview>('/api/operations/overview'), alerts: await scenarioAlerts(), documents: await documents('partner=demo-supplier') };
    expect(await runtime.stop()).toBe(0);
    runtime = await start();
    token = await runtime.login();
    // Several sweeps run after the restart; none may raise or deliver again.
    await waitFor(() => get<{ jobs: Array<{ name: string; runs: number }> }>('/api/sla/jobs'), (answer) => answer.jobs.filter((job) => job.name !== 'ledger-retention').every((job) => job.runs >= 3), 30_000, 'three sweeps and deliveries');
    const after = await scenarioAlerts();
    expect(after.map((alert) => alert.id).sort()).toEqual(before.alerts.map((alert) => alert.id).sort());
    for (const alert of after) expect(deliveriesOf(alert.id), alert.id).toHaveLength(1);
    expect((await documents('partner=demo-supplier')).map((document) => `${document.id}:${document.status}`).sort()).toEqual(before.documents.map((document) => `${document.id}:${document.status}`).sort());
    expect((await get<Overview>('/api/operations/overview')).totals).toEqual(before.overview.totals);
    expect((await documents(`correlationId=${WRONG_KEY_CORRELATION}`))[0]).toMatchObject({ httpStatus: 401 });
  }, 120_000);
});
