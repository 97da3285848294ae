// Template files on a real runtime: broken files are reported and never loaded; a v2 rebases a partner flow keeping local edits and reporting conflicts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

const TEMPLATE = 'supplier-po-ack-rest';
const FLOW = 'up-one-po-ack';
const v1 = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'templates', TEMPLATE, 'template.json'), 'utf8')) as { version: number; flow: Array<Record<string, unknown>> };

let runtime: RuntimeProcess;
let token: string;
let dataDir: string;

const api = <T>(method: string, route: string, body?: unknown) => runtime.api<T>(method, route, body, token);
type FlowNodes = Array<{ id: string; [key: string]: unknown }>;
const node = (nodes: FlowNodes, local: string) => nodes.find((entry) => entry.id === `${FLOW}.${local}`)!;

beforeAll(async () => {
  dataDir = tempDataDir();
  const own = path.join(dataDir, 'templates');
  mkdirSync(own, { recursive: true });
  writeFileSync(path.join(own, 'not-json.json'), '{ "id": "half", "version": 1,\n  "name": }');
  const unknownType = structuredClone(v1) as unknown as Record<string, unknown> & { flow: FlowNodes };
  unknownType.id = 'unknown-node-type';
  unknownType.flow[1]!.type = 'tl-no-such-node';
  writeFileSync(path.join(own, 'unknown-node-type.json'), JSON.stringify(unknownType));
  runtime = await startRuntime({ dataDir, env: { LOG_LEVEL: 'error' } });
  token = await runtime.login();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('broken template files', () => {
  it('are listed with located problems, logged, and not offered', async () => {
    const list = await api<{ templates: Array<{ id: string }>; broken: Array<{ id?: string; source: string; problems: Array<{ path: string; message: string }> }> }>('GET', '/api/templates');
    expect(list.body.templates.map((t) => t.id)).not.toContain('unknown-node-type');
    const byFile = Object.fromEntries(list.body.broken.map((entry) => [path.basename(entry.source), entry]));
    expect(byFile['not-json.json']!.problems).toEqual([{ path: '$', message: 'not valid JSON: unexpected character "}" at line 2, column 11' }]);
    expect(byFile['unknown-node-type.json']).toMatchObject({ id: 'unknown-node-type', problems: [{ path: '$.flow[1].type', message: 'node "validate": unknown node type "tl-no-such-node"' }] });
    expect(runtime.output()).toContain('template not loaded');
    const refused = await api<{ error: string }>('POST', '/api/templates/unknown-node-type/instantiate', { partnerId: 'nobody', params: {} });
    expect(refused.status).toBe(409);
    expect((await api<{ partners: unknown[] }>('GET', '/api/partners')).body.partners.map((p) => (p as { id: string }).id)).not.toContain('nobody');
  });
});

describe('template upgrade', () => {
  it('rebases a partner flow on v2: the local edit survives, the conflicting edit is reported until resolved', async () => {
    const created = await api<{ flow: { id: string; version: number } }>('POST', `/api/templates/${TEMPLATE}/instantiate`, { partnerId: 'up-one', params: { itemMapCsv: 'supplierItem,sku\nU-1,SKU-10001\n' } });
    expect(created.status).toBe(201);

    // Local edits by the analyst: one the template will not touch, one it will change too.
    const current = (await api<{ flow: FlowNodes }>('GET', `/api/flows/${FLOW}`)).body.flow;
    node(current, 'invalid').statusCode = 400;
    node(current, 'ok').bodyExpression = '{"ok": true, "ref": erp.reference}';
    expect((await api('PUT', `/api/flows/${FLOW}`, { flow: current, message: 'partner wants 400 and a short answer' })).status).toBe(200);

    // Version 2 of the template arrives: a renamed mapping node and a new success body.
    const v2 = structuredClone(v1) as typeof v1;
    v2.version = 2;
    v2.flow.find((entry) => entry.id === 'map')!.name = 'map to ERP ack (v2)';
    v2.flow.find((entry) => entry.id === 'ok')!.bodyExpression = '{"status": "accepted", "erpReference": erp.reference, "template": 2}';
    writeFileSync(path.join(dataDir, 'templates', 'po-ack-v2.json'), JSON.stringify(v2));
    const reload = await api<{ broken: unknown[] }>('POST', '/api/templates/reload');
    expect(reload.status).toBe(200);

    const upgrades = await api<{ latestVersion: number; flows: Array<{ flowId: string; templateVersion: number }> }>('GET', `/api/templates/${TEMPLATE}/upgrades`);
    expect(upgrades.body).toMatchObject({ latestVersion: 2, flows: [{ flowId: FLOW, partnerId: 'up-one', templateVersion: 1, flowVersion: 2 }] });

    const preview = await api<{ conflicts: Array<Record<string, unknown>>; diff: { changed: unknown[] }; applied: boolean }>('POST', `/api/flows/${FLOW}/upgrade?preview=true`, {});
    expect(preview.status).toBe(200);
    expect(preview.body.applied).toBe(false);
    expect(preview.body.conflicts).toEqual([{
      nodeId: `${FLOW}.ok`, property: 'bodyExpression', kind: 'both-changed',
      base: v1.flow.find((entry) => entry.id === 'ok')!.bodyExpression, local: '{"ok": true, "ref": erp.reference}', theirs: '{"status": "accepted", "erpReference": erp.reference, "template": 2}',
    }]);

    const refused = await api<{ error: string; details: unknown[]; conflicts: unknown[] }>('POST', `/api/flows/${FLOW}/upgrade`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual([{ nodeId: `${FLOW}.ok`, path: '$.bodyExpression', message: 'both-changed' }]);
    expect((await api<{ version: number }>('GET', `/api/flows/${FLOW}`)).body.version).toBe(2);

    const applied = await api<{ applied: boolean; version: number; resolved: unknown[] }>('POST', `/api/flows/${FLOW}/upgrade`, { resolutions: [{ nodeId: `${FLOW}.ok`, property: 'bodyExpression', choose: 'local' }] });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, version: 3 });
    const upgraded = (await api<{ version: number; flow: FlowNodes }>('GET', `/api/flows/${FLOW}`)).body;
    expect(upgraded.version).toBe(3);
    expect(node(upgraded.flow, 'invalid').statusCode).toBe(400);
    expect(node(upgraded.flow, 'ok').bodyExpression).toBe('{"ok": true, "ref": erp.reference}');
    expect(node(upgraded.flow, 'map').name).toBe('map to ERP ack (v2)');
    const summary = (await api<{ flows: Array<{ id: string; template?: string }> }>('GET', '/api/flows')).body.flows.find((flow) => flow.id === FLOW);
    expect(summary?.template).toBe(`${TEMPLATE}@2`);
    expect((await api<{ templateVersion: number }>('GET', `/api/flows/${FLOW}/template`)).body.templateVersion).toBe(2);
    expect((await api<{ flows: unknown[] }>('GET', `/api/templates/${TEMPLATE}/upgrades`)).body.flows).toEqual([]);
  });
});
