// Descriptors for Node-RED's function-category core nodes: function, change, switch, template, delay, trigger, range, filter.
import { describeCoreNode } from './describe-core-node.js';

const fn = 'function';
const rule = { type: 'object', properties: { t: { type: 'string', enum: ['set', 'change', 'delete', 'move'] }, p: { type: 'string' }, pt: { type: 'string' }, to: { type: 'string' }, tot: { type: 'string' } }, required: ['t', 'p'] };

export const functionNode = describeCoreNode({
  type: 'function', category: fn, label: 'function', summary: 'Runs JavaScript against the message, in a sandbox.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#fdd0a2',
  properties: {
    func: { type: 'string', 'x-widget': 'textarea', default: '\nreturn msg;' },
    outputs: { type: 'integer', minimum: 0, default: 1 },
    timeout: { type: 'number', minimum: 0, maximum: 60, description: 'Seconds one message may take; 0 means the default of 1 s.', default: 0 },
    initialize: { type: 'string', 'x-widget': 'textarea', description: 'Runs once when the node starts.', default: '' },
    finalize: { type: 'string', 'x-widget': 'textarea', description: 'Runs once when the node stops.', default: '' },
  },
  required: ['func'],
  docs: `Runs a JavaScript function body against each message. Prefer **transform** (JSONata) for mappings: it is declarative, previewable and compiled once.

Deploying a function node needs the permission **deploy.code** (admins have it; analysts and operators do not).

The code runs in its own V8 isolate (isolated-vm), not in the server:
- \`msg\` is a copy of the message; what you return (\`return msg\`, \`return [msg1, [msg2, msg3]]\` for several outputs, \`return null\` for nothing) is copied back. \`msg.req\`/\`msg.res\` stay on the server and are put back on every message you send.
- Available: \`node.send\`, \`node.done\`, \`node.log/warn/error\`, \`node.status\`, \`env.get\` (only the variables allowed for flows), \`context\`/\`flow\`/\`global\` \`get\`/\`set\`/\`keys\` of plain data.
- Not available: \`process\`, \`require\`, timers, the network, the file system. The code runs synchronously.
- Each call is stopped after **timeout** seconds (default 1 s, also for \`while(true){}\`) and the isolate has a 32 MB memory limit. A throw, timeout or memory overrun fails that message like any node error (Catch, dead letter); the runtime keeps running.`,
});

export const changeNode = describeCoreNode({
  type: 'change', category: fn, label: 'change', summary: 'Sets, changes, deletes or moves message properties.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#e2d96e',
  properties: { rules: { type: 'array', items: rule, minItems: 1, default: [{ t: 'set', p: 'payload', pt: 'msg', to: '', tot: 'str' }] } },
  required: ['rules'],
  docs: 'Applies a list of rules to the message: set, change (search/replace), delete or move a property.',
});

export const switchNode = describeCoreNode({
  type: 'switch', category: fn, label: 'switch', summary: 'Routes messages by property values.', inputs: 1, sideEffects: 'none', outputs: ['rule 1'], color: '#e2d96e',
  properties: {
    property: { type: 'string', default: 'payload' },
    propertyType: { type: 'string', default: 'msg' },
    rules: { type: 'array', items: { type: 'object', properties: { t: { type: 'string', title: 'Operator' }, v: {}, vt: { type: 'string' } }, required: ['t'] }, default: [{ t: 'eq', v: '', vt: 'str' }] },
    checkall: { type: ['string', 'boolean'], enum: ['true', 'false', true, false], default: 'true' },
    outputs: { type: 'integer', minimum: 1, default: 1 },
  },
  required: ['rules'],
  docs: 'Sends the message to the output of each matching rule (or the first match when `checkall` is false).',
});

export const templateNode = describeCoreNode({
  type: 'template', category: fn, label: 'template', summary: 'Renders a mustache template.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#ebc8a5',
  properties: {
    field: { type: 'string', default: 'payload' },
    format: { type: 'string', default: 'handlebars' },
    syntax: { type: 'string', enum: ['mustache', 'plain'], default: 'mustache' },
    template: { type: 'string', 'x-widget': 'textarea', default: '' },
    output: { type: 'string', enum: ['str', 'json', 'yaml'], default: 'str' },
  },
  docs: 'Sets a property from a mustache template rendered against the message.',
});

export const delayNode = describeCoreNode({
  type: 'delay', category: fn, label: 'delay', summary: 'Delays or rate-limits messages (in memory).', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#e6e0f8',
  properties: {
    pauseType: { type: 'string', enum: ['delay', 'delayv', 'random', 'rate', 'queue', 'timed'], default: 'delay' },
    timeout: { type: ['string', 'number'], default: '5' },
    timeoutUnits: { type: 'string', enum: ['milliseconds', 'seconds', 'minutes', 'hours', 'days'], default: 'seconds' },
    rate: { type: ['string', 'number'], default: '1' },
    rateUnits: { type: 'string', default: 'second' },
    drop: { type: 'boolean', default: false },
  },
  docs: 'Delays each message or limits the rate. Its queue lives in memory and is lost on restart: use the Tradelane **queue** and **throttle** nodes where messages must not be lost.',
});

export const triggerNode = describeCoreNode({
  type: 'trigger', category: fn, label: 'trigger', summary: 'Sends a message, then optionally a second one after a delay.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#e6e0f8',
  properties: { op1: { type: 'string', default: '1' }, op2: { type: 'string', default: '0' }, duration: { type: ['string', 'number'], default: '250' }, units: { type: 'string', default: 'ms' } },
  docs: 'Sends one message when triggered and another after a timeout unless reset.',
});

export const rangeNode = describeCoreNode({
  type: 'range', category: fn, label: 'range', summary: 'Maps a number from one range to another.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#e2d96e',
  properties: { minin: { type: ['string', 'number'] }, maxin: { type: ['string', 'number'] }, minout: { type: ['string', 'number'] }, maxout: { type: ['string', 'number'] }, action: { type: 'string', enum: ['scale', 'clamp', 'roll', 'drop'], default: 'scale' } },
  docs: 'Linearly scales a numeric property.',
});

export const filterNode = describeCoreNode({
  type: 'rbe', category: fn, label: 'filter', summary: 'Passes a message only when its value changed (report by exception).', inputs: 1, sideEffects: 'none', outputs: ['changed'], color: '#e2d96e',
  properties: {
    func: { type: 'string', enum: ['rbe', 'rbei', 'deadbandEq', 'deadband', 'narrowbandEq', 'narrowband'], default: 'rbe' },
    gap: { type: ['string', 'number'], pattern: '^(\\d*[.]*\\d*|)(%|)$', description: 'Dead band or narrow band, e.g. 5 or 10%.', default: '' },
    start: { type: ['string', 'number'], default: '' },
    inout: { type: 'string', enum: ['out', 'in'], default: 'out' },
    septopics: { type: 'boolean', description: 'Track each msg.topic on its own.', default: true },
    property: { type: 'string', default: 'payload' },
    topi: { type: 'string', default: 'topic' },
  },
  docs: 'Blocks a message unless its property changed (*rbe*, or *rbei* which also ignores the first value), or changed by more (dead band) or less (narrow band) than the gap. Its last values live in memory per topic.',
});
