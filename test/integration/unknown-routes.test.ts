// Paths under /partners and /hooks that no flow serves answer a located 404 for every method, never the designer's page with 200.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntime({ args: ['--no-demo'] });
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('routes nothing serves', () => {
  for (const method of ['GET', 'POST', 'PUT']) {
    for (const path of ['/hooks/no-such-flow/orders', '/partners/no-such-partner/po-acks']) {
      it(`${method} ${path} is a JSON 404 naming the path`, async () => {
        const response = await fetch(`${runtime.url}${path}`, { method, ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(((await response.json()) as { error: string }).error).toContain(path);
      });
    }
  }

  it('the designer is still served at / and under its own routes', async () => {
    const page = await fetch(`${runtime.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});
