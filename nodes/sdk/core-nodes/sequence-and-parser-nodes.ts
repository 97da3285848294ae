// Descriptors for Node-RED's sequence and parser core nodes: split, join, sort, json, xml, csv.
import { describeCoreNode } from './describe-core-node.js';

export const splitNode = describeCoreNode({
  type: 'split', category: 'sequence', label: 'split', summary: 'Splits an array, object or string into a message sequence.', inputs: 1, sideEffects: 'none', outputs: ['part'], color: '#e2d96e',
  properties: { splt: { type: 'string', default: '\\n' }, arraySplt: { type: ['number', 'string'], default: 1 }, stream: { type: 'boolean', default: false }, property: { type: 'string', default: 'payload' } },
  docs: 'Emits one message per element, with `msg.parts` so **join** can rebuild the whole.',
});

export const joinNode = describeCoreNode({
  type: 'join', category: 'sequence', label: 'join', summary: 'Joins a message sequence back into one message.', inputs: 1, sideEffects: 'none', outputs: ['joined'], color: '#e2d96e',
  properties: { mode: { type: 'string', enum: ['auto', 'custom', 'reduce'], default: 'auto' }, build: { type: 'string', default: 'object' }, timeout: { type: ['string', 'number'], default: '' }, count: { type: ['string', 'number'], default: '' } },
  docs: 'Combines a sequence (from **split**, or by count/timeout) into an array, object or string.',
});

export const sortNode = describeCoreNode({
  type: 'sort', category: 'sequence', label: 'sort', summary: 'Sorts an array or a message sequence.', inputs: 1, sideEffects: 'none', outputs: ['sorted'], color: '#e2d96e',
  properties: { order: { type: 'string', enum: ['ascending', 'descending'], default: 'ascending' }, as_num: { type: 'boolean', default: false }, target: { type: 'string', default: 'payload' } },
  docs: 'Sorts a property array or a sequence of messages.',
});

export const jsonNode = describeCoreNode({
  type: 'json', category: 'parser', label: 'json', summary: 'Converts between JSON text and objects.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#debed7',
  properties: { property: { type: 'string', default: 'payload' }, action: { type: 'string', enum: ['', 'str', 'obj'], default: '' }, pretty: { type: 'boolean', default: false } },
  docs: 'Parses JSON text into an object, or serialises an object into JSON text.',
});

export const xmlNode = describeCoreNode({
  type: 'xml', category: 'parser', label: 'xml', summary: 'Converts between XML text and objects.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#debed7',
  properties: { property: { type: 'string', default: 'payload' }, attr: { type: 'string', default: '' }, chr: { type: 'string', default: '' } },
  docs: 'Parses XML into an object (xml2js conventions) or builds XML from one.',
});

export const csvNode = describeCoreNode({
  type: 'csv', category: 'parser', label: 'csv', summary: 'Converts between CSV text and objects.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#debed7',
  properties: { sep: { type: 'string', default: ',' }, hdrin: { type: ['boolean', 'string'], default: true }, hdrout: { type: 'string', default: 'none' }, multi: { type: 'string', enum: ['one', 'mult'], default: 'one' }, temp: { type: 'string', default: '' } },
  docs: 'Parses CSV into objects (one message per row or one array) or writes CSV.',
});
