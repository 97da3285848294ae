// Descriptors for Node-RED's sequence and parser core nodes: split, join, sort, batch, json, xml, csv, yaml, html.
import { describeCoreNode } from './describe-core-node.js';

export const splitNode = describeCoreNode({
  type: 'split', category: 'sequence', label: 'split', summary: 'Splits an array, object or string into a message sequence.', inputs: 1, sideEffects: 'none', outputs: ['part'], color: '#e2d96e',
  properties: { splt: { type: 'string', default: '\\n' }, arraySplt: { type: ['number', 'string'], default: 1 }, stream: { type: 'boolean', default: false }, property: { type: 'string', default: 'payload' } },
  docs: 'Emits one message per element, with `msg.parts` so **join** can rebuild the whole.',
});

export const joinNode = describeCoreNode({
  type: 'join', category: 'sequence', label: 'join', summary: 'Joins a message sequence back into one message.', inputs: 1, sideEffects: 'none', outputs: ['joined'], color: '#e2d96e',
  properties: { mode: { type: 'string', enum: ['auto', 'custom', 'reduce', 'manual'], description: 'Node-RED runs any mode other than auto and reduce as custom (older flows say "manual").', default: 'auto' }, build: { type: 'string', default: 'object' }, timeout: { type: ['string', 'number'], default: '' }, count: { type: ['string', 'number'], default: '' } },
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

export const batchNode = describeCoreNode({
  type: 'batch', category: 'sequence', label: 'batch', summary: 'Groups messages into sequences by count, time or topic.', inputs: 1, sideEffects: 'none', outputs: ['sequence'], color: '#e2d96e',
  properties: {
    mode: { type: 'string', enum: ['count', 'interval', 'concat'], default: 'count' },
    count: { type: 'integer', minimum: 1, description: 'Messages per sequence (count mode).', default: 10 },
    overlap: { type: 'integer', minimum: 0, description: 'Messages repeated at the start of the next sequence (count mode).', default: 0 },
    interval: { type: 'number', minimum: 0, description: 'Seconds per sequence (interval mode).', default: 10 },
    allowEmptySequence: { type: 'boolean', default: false },
    honourParts: { type: 'boolean', default: false },
    topics: { type: 'array', items: { type: 'object', properties: { topic: { type: 'string' } } }, description: 'Topics whose sequences are concatenated, in order (concat mode).', default: [{ topic: '' }] },
  },
  docs: 'Cuts the incoming messages into sequences (each with `msg.parts`, so **join** can rebuild them): every *count* messages, every *interval* seconds, or by concatenating the sequences of the listed topics. Its groups live in memory and are lost on restart.',
});

export const yamlNode = describeCoreNode({
  type: 'yaml', category: 'parser', label: 'yaml', summary: 'Converts between YAML text and objects.', inputs: 1, sideEffects: 'none', outputs: ['output'], color: '#debed7',
  properties: { property: { type: 'string', default: 'payload' } },
  docs: 'Parses YAML text into an object, or serialises an object into YAML text (js-yaml).',
});

export const htmlNode = describeCoreNode({
  type: 'html', category: 'parser', label: 'html', summary: 'Extracts elements from an HTML document by CSS selector.', inputs: 1, sideEffects: 'none', outputs: ['elements'], color: '#debed7',
  properties: {
    property: { type: 'string', default: 'payload' },
    outproperty: { type: 'string', default: 'payload' },
    tag: { type: 'string', description: 'CSS selector; empty to take it from msg.select.', default: '' },
    ret: { type: 'string', enum: ['html', 'text', 'attr', 'compl'], default: 'html' },
    as: { type: 'string', enum: ['single', 'multi'], description: 'One message with an array, or one message per element.', default: 'single' },
    chr: { type: 'string', default: '_' },
  },
  docs: 'Selects elements of an HTML document with a CSS selector (cheerio) and returns their HTML, text or attributes, as one array or one message per element.',
});
