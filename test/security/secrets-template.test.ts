// Attack: any role reads a template-made partner flow and gets its ERP event token; a template author puts a secret where it would be stored in clear.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTemplateFile } from '../../runtime/templates/template-schema.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

const EVENT_TOKEN = 'tls_event-token-for-masking-4b7e2c9a';
const FLOW_ID = 'mask-customer-order-status';
const templateFile = path.resolve(import.meta.dirname, '../../templates/customer-order-status-webhook/template.json');

type Node = Record<string, unknown> & { id: string; type: string };

let runtime: RuntimeProcess;
let token: string;
const dataDir = tempDataDir('secrets-template-');

async function postEvent(erpToken: string): Promise<number> {
  const answer = await fetch(`${runtime.url}/hooks/mask-customer-order-status/erp-events/mask-customer/order-status`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': erpToken }, body: '{"orderNumber":"SO-1","status":"shipped"}' });
  await answer.text();
  return answer.status;
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
  token = await runtime.login();
  const onboarded = await runtime.api('POST', '/api/templates/customer-order-status-webhook/instantiate', { partnerId: 'mask-customer', params: { webhookUrl: 'http://127.0.0.1:9/hooks', erpEventToken: EVENT_TOKEN } }, token);
  expect(onboarded.status, JSON.stringify(onboarded.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('a template secret in the partner flow', () => {
  it('is masked in the flow and its versions, like on /template', async () => {
    for (const route of [`/api/flows/${FLOW_ID}`, `/api/flows/${FLOW_ID}/versions/1`, `/api/flows/${FLOW_ID}/template`]) {
      const answer = await runtime.api('GET', route, undefined, token);
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body), route).not.toContain(EVENT_TOKEN);
    }
    const flow = await runtime.api<{ flow: Node[] }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    expect(flow.body.flow.find((node) => node.type === 'tab')?.credentials).toEqual({ ERP_EVENT_TOKEN: { set: true } });
  });

  it('still guards the endpoint, also after the flow was read and deployed back', async () => {
    expect(await postEvent('wrong-token')).toBe(401);
    expect(await postEvent(EVENT_TOKEN)).not.toBe(401);
    const read = await runtime.api<{ flow: Node[] }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    const deployed = await runtime.api('PUT', `/api/flows/${FLOW_ID}`, { flow: read.body.flow, message: 'designer round trip' }, token);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    expect(await postEvent('wrong-token')).toBe(401);
    expect(await postEvent(EVENT_TOKEN)).not.toBe(401);
  });

  it('an instance stored with its secret in clear is sealed at start', async () => {
    await runtime.stop();
    const file = path.join(dataDir, 'template-instances.db');
    const plain = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
      const record = JSON.parse(line) as { json: string };
      const instance = JSON.parse(record.json) as { params: Record<string, unknown> };
      return JSON.stringify({ ...record, json: JSON.stringify({ ...instance, params: { ...instance.params, erpEventToken: EVENT_TOKEN } }) });
    });
    writeFileSync(file, `${plain.join('\n')}\n`);
    runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
    token = await runtime.login();
    expect(readFileSync(file, 'utf8')).not.toContain(EVENT_TOKEN);
    const instance = await runtime.api<{ params: Record<string, unknown> }>('GET', `/api/flows/${FLOW_ID}/template`, undefined, token);
    expect(instance.body.params.erpEventToken).toBe('********');
  }, 60_000);
});

describe('a partner flow made by the older template, with the token in its switch rule', () => {
  it('has the token sealed in every version at start, masked in answers, kept on a round trip, and still checked', async () => {
    await runtime.stop();
    const file = path.join(dataDir, 'flow-versions.db');
    // What customer-order-status-webhook@1 deployed before secrets moved to the tab: the token as the rule's value.
    const legacy = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
      const record = JSON.parse(line) as { flowId?: string; flowJson?: string };
      if (record.flowId !== FLOW_ID || !record.flowJson) return line;
      const nodes = (JSON.parse(record.flowJson) as Node[]).map((node) => {
        if (node.type === 'tab') return { id: node.id, type: 'tab', label: node.label };
        if (node.type === 'switch') return { ...node, rules: [{ t: 'eq', v: EVENT_TOKEN, vt: 'str' }, { t: 'else' }] };
        return node;
      });
      return JSON.stringify({ ...record, flowJson: JSON.stringify(nodes) });
    });
    writeFileSync(file, `${legacy.join('\n')}\n`);
    expect(readFileSync(file, 'utf8')).toContain(EVENT_TOKEN);

    runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
    token = await runtime.login();
    expect(readFileSync(file, 'utf8')).not.toContain(EVENT_TOKEN);
    const read = await runtime.api<{ flow: Node[]; version: number }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    expect(JSON.stringify(read.body)).not.toContain(EVENT_TOKEN);
    expect((read.body.flow.find((node) => node.type === 'switch')?.rules as unknown[])[0]).toEqual({ t: 'eq', v: { set: true }, vt: 'str' });
    expect(await postEvent('wrong-token')).toBe(401);
    expect(await postEvent(EVENT_TOKEN)).not.toBe(401);

    const deployed = await runtime.api<{ version: number }>('PUT', `/api/flows/${FLOW_ID}`, { flow: read.body.flow, message: 'designer round trip' }, token);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
    expect(readFileSync(file, 'utf8')).not.toContain(EVENT_TOKEN);
    expect(await postEvent('wrong-token')).toBe(401);
    expect(await postEvent(EVENT_TOKEN)).not.toBe(401);
    const diff = await runtime.api('GET', `/api/flows/${FLOW_ID}/diff?from=1&to=${deployed.body.version}`, undefined, token);
    expect(diff.status).toBe(200);
    expect(JSON.stringify(diff.body)).not.toContain(EVENT_TOKEN);
  }, 60_000);
});

describe('a template that would store a secret in clear', () => {
  it('is refused at load, located at the placeholder', () => {
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { flow: Node[] };
    const token = template.flow.find((node) => node.id === 'token')!;
    (token.rules as Array<Record<string, unknown>>)[0] = { t: 'eq', v: { $param: 'erpEventToken' }, vt: 'str' };
    const problems = checkTemplateFile(template);
    expect(problems).toEqual([expect.objectContaining({ path: `$.flow[${template.flow.indexOf(token)}].rules[0].v`, message: expect.stringContaining('erpEventToken') })]);
  });
});
