// Attack: a flow reads the admin password or the master secret from the environment (env.get, $env(), env-typed inputs, {{env.X}}, ${VAR}).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../support/runtime-process.js';
import { deployEndpoint, endpointFlow, getText, startAttackable, type Attackable, type Node } from './containment-support.js';

const SECRET = 'master-secret-that-flows-must-never-see';
let target: Attackable;

beforeAll(async () => {
  target = await startAttackable({ env: { TRADELANE_SECRET: SECRET, TRADELANE_FLOW_ENV: 'PARTNER_REGION', PARTNER_REGION: 'emea', UNLISTED_VARIABLE: 'unlisted' } });
});
afterAll(async () => {
  await target?.runtime.stop();
});

const NAMES = ['TRADELANE_ADMIN_PASSWORD', 'TRADELANE_SECRET', 'TRADELANE_DEMO_API_KEY', 'UNLISTED_VARIABLE', 'PATH', 'PARTNER_REGION'];

async function served(id: string, middle: Node[]): Promise<string> {
  const answer = await deployEndpoint(target.runtime, target.admin, endpointFlow(id, `/env-${id}`, middle));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const response = await getText(answer.url);
  expect(response.status).toBe(200);
  return response.text;
}

function expectOnlyAllowed(text: string): void {
  for (const secret of [target.runtime.adminPassword, SECRET, target.runtime.demoApiKey, 'unlisted', '/usr/bin']) expect(text).not.toContain(secret);
}

describe('flows see only the allow-listed environment', () => {
  it('env.get in a function node returns nothing for secrets, the value for TRADELANE_FLOW_ENV names', async () => {
    const func = `msg.payload = ${JSON.stringify(NAMES)}.map((name) => name + '=' + (env.get(name) ?? '')).join(';'); return msg;`;
    const text = await served('fn-env', [{ id: 'fn-env-fn', type: 'function', func, outputs: 1 }]);
    expectOnlyAllowed(text);
    expect(text).toContain('PARTNER_REGION=emea');
    expect(text).toContain('TRADELANE_ADMIN_PASSWORD=;');
  });

  it('$env() in JSONata, env-typed change rules and ${VAR} in a property return nothing for secrets', async () => {
    const rules = [
      { t: 'set', p: 'payload', pt: 'msg', to: '{}', tot: 'json' },
      { t: 'set', p: 'payload.jsonata', pt: 'msg', to: '$env("TRADELANE_ADMIN_PASSWORD") & "|" & $env("TRADELANE_SECRET") & "|" & $env("PARTNER_REGION")', tot: 'jsonata' },
      { t: 'set', p: 'payload.typed', pt: 'msg', to: 'TRADELANE_ADMIN_PASSWORD', tot: 'env' },
      { t: 'set', p: 'payload.substituted', pt: 'msg', to: '${TRADELANE_SECRET}', tot: 'str' },
    ];
    const text = await served('change-env', [{ id: 'change-env-set', type: 'change', rules }]);
    expectOnlyAllowed(text);
    expect(JSON.parse(text)).toMatchObject({ jsonata: '||emea' });
  });

  it('{{env.X}} in a template renders nothing for secrets', async () => {
    const template = 'admin={{env.TRADELANE_ADMIN_PASSWORD}} secret={{env.TRADELANE_SECRET}} region={{env.PARTNER_REGION}}';
    const text = await served('template-env', [{ id: 'template-env-t', type: 'template', field: 'payload', syntax: 'mustache', template, output: 'str' }]);
    expectOnlyAllowed(text);
    expect(text).toBe('admin= secret= region=emea');
  });

  it('refuses to start when TRADELANE_FLOW_ENV lists a secret', async () => {
    await expect(startRuntime({ args: ['--no-demo'], env: { TRADELANE_FLOW_ENV: 'PARTNER_REGION,TRADELANE_ADMIN_PASSWORD' } })).rejects.toThrow(/TRADELANE_ADMIN_PASSWORD" is a secret and is never visible to flows/);
  });
});
