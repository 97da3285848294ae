// SDK fundamentals: descriptor checks, config validation with defaults, error normalisation, JSON error location.
import { describe, expect, it } from 'vitest';
import { ConfigValidator, coreNodes, createNodeHarness, defineNode, locateJsonError, nodeVersion, NodeError, pointerToJsonPath, toNodeError } from '../../nodes/sdk/index.js';

const echo = defineNode<{ prefix: string }>({
  type: 'tl-echo', category: 'test', label: 'echo', summary: 'Echoes.', inputs: 1, sideEffects: 'none', outputs: [{ label: 'out' }, { label: 'second' }],
  configSchema: { type: 'object', properties: { prefix: { type: 'string', default: '>' }, mode: { enum: ['a', 'b'] } }, additionalProperties: false },
  docs: 'Echo.', origin: 'tradelane',
  create: (_ctx, config) => ({
    onInput(msg) {
      if (msg.payload === 'throw-string') throw 'plain string';
      if (msg.payload === 'reject-object') return Promise.reject({ code: 'S0201', message: 'syntax', position: 4, token: 'x' });
      return [null, { ...msg, payload: `${config.prefix}${String(msg.payload)}` }];
    },
  }),
});

describe('defineNode', () => {
  it('rejects a descriptor without labels or implementation', () => {
    expect(() => defineNode({ ...echo, type: 'Bad Type' })).toThrow(/lower-case/);
    expect(() => defineNode({ ...echo, outputs: [{ label: '' }] })).toThrow(/every output needs a label/);
    expect(() => defineNode({ ...echo, create: undefined })).toThrow(/needs create/);
  });

  it('rejects a descriptor that does not declare its side effects, naming the node', () => {
    const { sideEffects: _omitted, ...undeclared } = echo;
    expect(() => defineNode(undeclared as typeof echo)).toThrow("defineNode(tl-echo): sideEffects is required: 'none' or 'external' (got undefined)");
    expect(() => defineNode({ ...echo, sideEffects: 'sometimes' as 'none' })).toThrow(/sideEffects is required.*"sometimes"/);
    expect(defineNode({ ...echo, sideEffects: 'external' }).sideEffects).toBe('external');
  });

  it('accepts a positive integer version and a migrate function, and nothing else', () => {
    expect(nodeVersion(echo)).toBe(1);
    expect(nodeVersion(defineNode({ ...echo, version: 3, migrate: (_from, config) => config }))).toBe(3);
    expect(() => defineNode({ ...echo, version: 0 })).toThrow(/defineNode\(tl-echo\): version must be an integer >= 1/);
    expect(() => defineNode({ ...echo, version: 1.5 })).toThrow(/version must be an integer >= 1/);
    expect(() => defineNode({ ...echo, migrate: 'yes' as unknown as undefined })).toThrow(/migrate must be a function/);
  });
});

describe('config validation', () => {
  it('applies defaults and locates every problem', () => {
    const validator = new ConfigValidator([echo]);
    expect(validator.check('tl-echo', { id: 'n1', type: 'tl-echo', x: 1, y: 2, wires: [], name: 'e' })).toEqual({ config: { prefix: '>' }, problems: [] });
    const { problems } = validator.check('tl-echo', { id: 'n1', prefix: 3, mode: 'c', extra: true });
    expect(problems).toEqual(expect.arrayContaining([
      { path: '$.prefix', message: 'must be string' },
      { path: '$.mode', message: 'must be one of "a", "b"' },
      { path: '$.extra', message: 'is not an allowed property' },
    ]));
    expect(validator.check('nope', {}).problems).toEqual([{ path: '$.type', message: 'unknown node type "nope"' }]);
  });

  it('describes every Node-RED core node the palette offers', () => {
    const types = coreNodes.map((d) => d.type);
    for (const type of ['inject', 'debug', 'function', 'change', 'switch', 'template', 'delay', 'split', 'join', 'json', 'xml', 'csv', 'http in', 'http response', 'http request', 'catch', 'status', 'complete', 'link in', 'link out', 'file in', 'file']) {
      expect(types).toContain(type);
    }
    expect(new ConfigValidator(coreNodes).check('http in', { url: 'no-slash', method: 'get' }).problems).toEqual([{ path: '$.url', message: 'must match pattern "^/"' }]);
  });

  it('turns JSON pointers into JSON paths', () => {
    expect(pointerToJsonPath('/lines/0/qty')).toBe('$.lines[0].qty');
    expect(pointerToJsonPath('/a~1b/weird key')).toBe('$["a/b"]["weird key"]');
  });
});

describe('handler wrapping', () => {
  it('routes results to ports and converts anything thrown into a coded error on msg.failure', async () => {
    const node = await createNodeHarness(echo, { prefix: '#' });
    expect((await node.send({ payload: 'x' })).outputs[1]![0]!.payload).toBe('#x');

    const thrown = await node.send({ payload: 'throw-string' });
    expect(thrown.error).toBeInstanceOf(NodeError);
    expect(thrown.error).toMatchObject({ code: 'NODE_FAILED', message: 'plain string' });

    const rejected = await node.send({ payload: 'reject-object', correlationId: 'c' });
    expect(rejected.error).toMatchObject({ code: 'S0201', message: 'syntax', details: { position: 4, token: 'x' } });
  });

  it('keeps codes of real errors', () => {
    const error = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    expect(toNodeError(error)).toMatchObject({ code: 'ECONNREFUSED', message: 'refused' });
  });
});

describe('locateJsonError', () => {
  it('finds the line and column of the first syntax error', () => {
    expect(locateJsonError('{"a": 1}')).toBeUndefined();
    expect(locateJsonError('{\n  "a": [1, 2,]\n}')).toMatchObject({ line: 2, column: 14 });
    expect(locateJsonError('{"a": "line\nbreak"}')).toMatchObject({ line: 1, column: 12, message: expect.stringContaining('control character') });
    expect(locateJsonError('')).toMatchObject({ line: 1, column: 1 });
    expect(locateJsonError('{"a": 1} x')).toMatchObject({ message: expect.stringContaining('after the JSON value') });
  });
});
