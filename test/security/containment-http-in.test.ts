// Attack: an http in on "/" replaces the designer (and the tokens in its localStorage), on /demo-erp/... or /api/... shadows the platform.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, flow, getText, startAttackable, type Attackable } from './containment-support.js';

let target: Attackable;
beforeAll(async () => {
  target = await startAttackable({ args: [] });
});
afterAll(async () => {
  await target?.runtime.stop();
});

const HIJACK = 'hijacked by a flow';
const hijacker = (id: string, urls: string[]) => flow(id, [
  ...urls.map((url, index) => ({ id: `${id}-in-${index}`, type: 'http in', url, method: 'get', wires: [[`${id}-set`]] })),
  { id: `${id}-set`, type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: `${HIJACK} ${id}`, tot: 'str' }], wires: [[`${id}-out`]] },
  { id: `${id}-out`, type: 'http response' },
]);

describe('http in routes stay under /hooks/<flow>/', () => {
  it('an http in on /, /demo-erp/purchase-orders, /api/health and /metrics serves only under its flow prefix', async () => {
    const answer = await deploy(target.runtime, target.admin, hijacker('shadow', ['/', '/demo-erp/purchase-orders', '/api/health', '/metrics']));
    expect(answer.status).toBe(201);
    expect(answer.body.endpoints).toEqual([
      { nodeId: 'shadow-in-0', method: 'GET', url: '/hooks/shadow/' },
      { nodeId: 'shadow-in-1', method: 'GET', url: '/hooks/shadow/demo-erp/purchase-orders' },
      { nodeId: 'shadow-in-2', method: 'GET', url: '/hooks/shadow/api/health' },
      { nodeId: 'shadow-in-3', method: 'GET', url: '/hooks/shadow/metrics' },
    ]);
    expect(answer.body.warnings).toHaveLength(4);
    const { url } = target.runtime;
    for (const route of ['/', '/demo-erp/purchase-orders', '/api/health', '/metrics']) expect((await getText(`${url}${route}`)).text, route).not.toContain(HIJACK);
    expect((await getText(`${url}/api/health`)).text).toContain('ok');
    for (const route of ['/hooks/shadow/', '/hooks/shadow/demo-erp/purchase-orders', '/hooks/shadow/api/health']) expect(await getText(`${url}${route}`), route).toEqual({ status: 200, text: `${HIJACK} shadow` });
  });

  it('cannot shadow another flow\'s route, and the stored flow keeps the url as written', async () => {
    expect((await deploy(target.runtime, target.admin, hijacker('victim', ['/orders']))).status).toBe(201);
    // The same url in another flow is no clash: it is served under that flow's own prefix.
    expect((await deploy(target.runtime, target.admin, hijacker('twin', ['/orders']))).status).toBe(201);
    // Express compiles route paths to regular expressions: "|" at the top level would match /hooks/victim/orders too.
    const alternation = await deploy(target.runtime, target.admin, hijacker('attacker', ['/x|/victim/orders']));
    expect(alternation.status).toBe(400);
    expect(alternation.body.details).toContainEqual(expect.objectContaining({ nodeId: 'attacker-in-0', path: '$.url', message: expect.stringContaining('may only contain') }));
    expect((await deploy(target.runtime, target.admin, hijacker('attacker', ['/../victim/orders']))).status).toBe(400);
    expect((await deploy(target.runtime, target.admin, hijacker('attacker', ['/victim/orders']))).status).toBe(201);
    expect(await getText(`${target.runtime.url}/hooks/victim/orders`)).toEqual({ status: 200, text: `${HIJACK} victim` });
    expect(await getText(`${target.runtime.url}/hooks/attacker/victim/orders`)).toEqual({ status: 200, text: `${HIJACK} attacker` });
    expect((await deploy(target.runtime, target.admin, hijacker('Victim', ['/orders']))).body.details).toContainEqual(expect.objectContaining({ path: '$.id', message: expect.stringContaining('only in case') }));
    const stored = await target.runtime.api<{ flow: Array<{ id: string; url?: string }> }>('GET', '/api/flows/victim', undefined, target.admin);
    expect(stored.body.flow.find((node) => node.id === 'victim-in-0')?.url).toBe('/orders');
  });

  it('refuses urls with "..", "?" or "#", and the same method and url twice in one flow', async () => {
    const answer = await deploy(target.runtime, target.admin, hijacker('bad-urls', ['/a/../../api', '/b?x=1', '/c#top', '/same', '/same/']));
    expect(answer.status).toBe(400);
    const byNode = (nodeId: string) => answer.body.details?.filter((detail) => detail.nodeId === nodeId && detail.path === '$.url') ?? [];
    expect(byNode('bad-urls-in-0')[0]?.message).toContain('".."');
    expect(byNode('bad-urls-in-1')[0]?.message).toContain('"?"');
    expect(byNode('bad-urls-in-2')[0]?.message).toContain('"#"');
    expect(byNode('bad-urls-in-4')[0]?.message).toContain('already served by node "bad-urls-in-3"');
  });

  it('an analyst may not open an http endpoint; validate tells why and lists the effective URL', async () => {
    const nodes = hijacker('analyst-hook', ['/status']);
    expect((await deploy(target.runtime, target.analyst, nodes)).status).toBe(400);
    const checked = await target.runtime.api<{ ok: boolean; problems: unknown[]; endpoints: unknown[] }>('POST', '/api/flows/validate', { flow: nodes }, target.analyst);
    expect(checked.body.ok).toBe(false);
    expect(checked.body.problems).toContainEqual({
      nodeId: 'analyst-hook-in-0', path: '$.type',
      message: 'node type "http in" opens an HTTP endpoint without partner authentication and needs the permission deploy.open-endpoint, which role "analyst" does not have',
    });
    expect(checked.body.endpoints).toEqual([{ nodeId: 'analyst-hook-in-0', method: 'GET', url: '/hooks/analyst-hook/status' }]);
  });
});
