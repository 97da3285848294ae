// Descriptors for Node-RED's common and flow-control core nodes: inject, debug, comment, catch, status, complete, link, junction.
import { describeCoreNode } from './describe-core-node.js';

const common = 'common';

export const injectNode = describeCoreNode({
  type: 'inject', category: common, label: 'inject', summary: 'Starts a flow manually or on a schedule.', inputs: 0, sideEffects: 'none', outputs: ['message'], color: '#a6bbcf',
  properties: {
    props: { type: 'array', items: { type: 'object', properties: { p: { type: 'string' }, v: { type: 'string' }, vt: { type: 'string' } } }, default: [{ p: 'payload', v: '', vt: 'date' }] },
    repeat: { type: 'string', description: 'Interval in seconds; empty for no repeat.', default: '' },
    crontab: { type: 'string', default: '' },
    once: { type: 'boolean', description: 'Inject once shortly after deploy.', default: false },
    onceDelay: { type: ['number', 'string'], default: 0.1 },
    topic: { type: 'string', default: '' },
    payload: { type: 'string', default: '' },
    payloadType: { type: 'string', enum: ['date', 'str', 'num', 'bool', 'json', 'env', 'flow', 'global', 'msg', 'jsonata', 'bin', 'string', 'none'], default: 'date' },
  },
  docs: 'Injects a message into the flow, once or repeatedly. The default payload is the current timestamp.',
});

export const debugNode = describeCoreNode({
  type: 'debug', category: common, label: 'debug', summary: 'Logs messages for inspection.', inputs: 1, sideEffects: 'none', outputs: [], color: '#87a980',
  properties: {
    active: { type: 'boolean', default: true },
    tosidebar: { type: 'boolean', default: true },
    console: { type: 'boolean', description: 'Also write to the runtime log.', default: false },
    complete: { type: ['string', 'boolean'], description: 'Property to show, or "true" for the whole message.', default: 'payload' },
    targetType: { type: 'string', enum: ['msg', 'full', 'jsonata'], default: 'msg' },
  },
  docs: 'Shows a message property. With **console** set, it goes to the runtime log, which is where the embedded runtime shows it.',
});

export const commentNode = describeCoreNode({
  type: 'comment', category: common, label: 'comment', summary: 'A note on the canvas.', inputs: 0, sideEffects: 'none', outputs: [], color: '#ffffff',
  properties: { info: { type: 'string', 'x-widget': 'textarea' } },
  docs: 'A comment; it does nothing at run time.',
});

export const catchNode = describeCoreNode({
  type: 'catch', category: common, label: 'catch', summary: 'Catches errors thrown by nodes in the same flow.', inputs: 0, sideEffects: 'none', outputs: ['error'], color: '#e49191',
  properties: {
    scope: { type: ['array', 'null'], items: { type: 'string' }, description: 'Node ids to watch; empty for all nodes of the flow.', default: null },
    uncaught: { type: 'boolean', default: false },
  },
  docs: 'Receives a copy of any message whose node reported an error. `msg.error` holds the message and source; Tradelane nodes add `msg.failure` with the code and whether it is retryable.',
});

export const statusNode = describeCoreNode({
  type: 'status', category: common, label: 'status', summary: 'Reports status changes of other nodes.', inputs: 0, sideEffects: 'none', outputs: ['status'], color: '#94c1d0',
  properties: { scope: { type: ['array', 'null'], items: { type: 'string' }, default: null } },
  docs: 'Emits a message whenever a node in scope changes its status.',
});

export const completeNode = describeCoreNode({
  type: 'complete', category: common, label: 'complete', summary: 'Triggers when nodes finish handling a message.', inputs: 0, sideEffects: 'none', outputs: ['completed'], color: '#c0edc0',
  properties: { scope: { type: 'array', items: { type: 'string' }, default: [] }, uncaught: { type: 'boolean', default: false } },
  docs: 'Emits the message when a node in scope reports it done.',
});

export const linkInNode = describeCoreNode({
  type: 'link in', category: common, label: 'link in', summary: 'Receives from link out nodes.', inputs: 0, sideEffects: 'none', outputs: ['message'], color: '#dddddd',
  properties: { links: { type: 'array', items: { type: 'string' }, default: [] } },
  docs: 'Creates a virtual wire endpoint, also across flows.',
});

export const linkOutNode = describeCoreNode({
  type: 'link out', category: common, label: 'link out', summary: 'Sends to link in nodes.', inputs: 1, sideEffects: 'none', outputs: [], color: '#dddddd',
  properties: { mode: { type: 'string', enum: ['link', 'return'], default: 'link' }, links: { type: 'array', items: { type: 'string' }, default: [] } },
  docs: 'Sends the message to the linked `link in` nodes, or returns it to a `link call`.',
});

export const linkCallNode = describeCoreNode({
  type: 'link call', category: common, label: 'link call', summary: 'Calls a link-in flow and waits for its return.', inputs: 1, sideEffects: 'none', outputs: ['result'], color: '#dddddd',
  properties: { links: { type: 'array', items: { type: 'string' }, default: [] }, timeout: { type: ['string', 'number'], default: '30' } },
  docs: 'Calls a flow that starts with a `link in` and ends with a `link out` in return mode.',
});

export const junctionNode = describeCoreNode({
  type: 'junction', category: common, label: 'junction', summary: 'A wiring junction.', inputs: 1, sideEffects: 'none', outputs: ['message'],
  properties: {}, docs: 'Joins and splits wires visually.',
});
