// Form labels for Node-RED core-node properties, worded as Node-RED's own editor labels them (its keys stay visible as secondary text).
import type { JSONSchema } from '../json-schema.js';

/** Property key -> label, shared by the core nodes that use the key the same way; a spec's own `title` wins. */
export const CORE_FIELD_TITLES: Readonly<Record<string, string>> = {
  action: 'Action', active: 'Active', allowEmptySequence: 'Allow empty sequence', appendNewline: 'Add newline to each payload',
  arraySplt: 'Array: fixed length', as: 'Output as', as_num: 'Compare as numbers', attr: 'Attributes property', build: 'Build',
  checkall: 'Checking all rules', chr: 'Text content property', complete: 'Output', console: 'System console', count: 'Count',
  createDir: 'Create directory if missing', crontab: 'Schedule (cron)', drop: 'Drop intermediate messages', duration: 'Duration',
  encoding: 'Encoding', field: 'Field', filename: 'Filename', files: 'Files', finalize: 'On stop', format: 'Output format',
  func: 'On message (code)', gap: 'Gap', hdrin: 'First row contains column names', hdrout: 'Column names in output',
  headers: 'Headers', honourParts: 'Honour msg.parts', info: 'Text', initialize: 'On start', inout: 'In / out',
  interval: 'Interval', joiner: 'Joiner', joinerType: 'Joiner type', key: 'Key', links: 'Linked nodes', maxin: 'Input maximum',
  maxout: 'Output maximum', method: 'Method', minin: 'Input minimum', minout: 'Output minimum', mode: 'Mode',
  multi: 'Output messages', once: 'Inject once after deploy', onceDelay: 'Once: delay (s)', op1: 'Send first', op2: 'Then send',
  order: 'Order', outproperty: 'Output property', output: 'Output', outputs: 'Outputs', overlap: 'Overlap',
  overwriteFile: 'Action on file', p: 'Property', pauseType: 'Action', payload: 'Payload', payloadType: 'Payload type',
  paytoqs: 'Payload to query string', persist: 'Persist', pretty: 'Format output', property: 'Property', propertyType: 'Property type',
  props: 'Message properties', pt: 'Property type', rate: 'Rate', rateUnits: 'Rate unit', recursive: 'Recursive',
  repeat: 'Repeat every (s)', ret: 'Return', rules: 'Rules', scope: 'Scope (node ids)', sep: 'Separator', septopics: 'Separate topics',
  splt: 'Split on', start: 'Start', statusCode: 'Status code', stream: 'Handle as a stream', syntax: 'Syntax', t: 'Action',
  tag: 'Element', target: 'Target property', targetType: 'Output type', temp: 'Column names', template: 'Template',
  timeout: 'Timeout', timeoutUnits: 'Timeout unit', to: 'Value', topi: 'Topic property', topic: 'Topic', topics: 'Topics',
  tosidebar: 'Debug window', tot: 'Value type', uncaught: 'Only uncaught errors', units: 'Units', upload: 'Accept file uploads',
  url: 'URL', v: 'Value', vt: 'Value type',
};

/** "onceDelay" -> "Once delay": a label for a key the vocabulary does not know yet, never the raw key. */
export function humanise(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The property with a title, and its nested object and array-item properties titled too. */
export function withTitles(key: string, schema: JSONSchema): JSONSchema {
  const next: JSONSchema = { ...schema, title: schema.title ?? CORE_FIELD_TITLES[key] ?? humanise(key) };
  if (schema.properties) next.properties = titled(schema.properties);
  if (schema.items?.properties) next.items = { ...schema.items, properties: titled(schema.items.properties) };
  return next;
}

function titled(properties: Record<string, JSONSchema>): Record<string, JSONSchema> {
  return Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, withTitles(key, child)]));
}
