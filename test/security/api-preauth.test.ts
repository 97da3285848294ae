// Attack: a stranger opens connections to /api with a large declared body and never sends it, to make the server buffer and wait.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { rawExchange, statusOf } from './raw-http.js';

const DECLARED_BYTES = 1_000_000;

function bodylessPost(path: string, authorization?: string): string {
  return [
    `POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', 'Content-Type: application/json', `Content-Length: ${DECLARED_BYTES}`,
    ...(authorization ? [`Authorization: ${authorization}`] : []), '', '',
  ].join('\r\n');
}

describe('/api answers an unauthenticated request before reading its body', () => {
  let runtime: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    token = await runtime.login();
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it.each([
    ['no token', undefined],
    ['a forged token', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.forged'],
  ])('with %s, a POST that declares 1 MB and sends none of it gets its 401 at once', async (_label, authorization) => {
    // The body never comes: an answer can only arrive if the server refused without waiting for it.
    const { answer } = await rawExchange(runtime.url, bodylessPost('/api/flows', authorization), 10_000);
    expect(statusOf(answer), answer || 'no answer while the body was outstanding').toBe(401);
    expect(answer).toContain('header.Authorization');
  });

  it('with a valid token, the same request is read as usual (the server waits for the body)', async () => {
    const { answer } = await rawExchange(runtime.url, bodylessPost('/api/flows', `Bearer ${token}`), 1_500);
    expect(answer).toBe('');
  });

  it('an authenticated JSON body is still parsed and validated', async () => {
    const response = await runtime.api('POST', '/api/flows/validate', { flow: [{ id: 'x', type: 'tab' }] }, token);
    expect(response.status).toBe(200);
  });
});
