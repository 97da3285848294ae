// Descriptors for Node-RED's network and storage core nodes: http in, http response, http request, file in, file, watch.
import { describeCoreNode } from './describe-core-node.js';

export const httpInNode = describeCoreNode({
  type: 'http in', category: 'network', label: 'http in', summary: 'Creates an HTTP endpoint (no partner authentication).', inputs: 0, sideEffects: 'none', outputs: ['request'], color: '#e7e7ae',
  properties: {
    url: { type: 'string', pattern: '^/', description: 'Path inside the flow\'s prefix, e.g. /status (served at /hooks/<flow id>/status)' },
    method: { type: 'string', enum: ['get', 'post', 'put', 'delete', 'patch'], default: 'get' },
    upload: { type: 'boolean', default: false },
  },
  required: ['url', 'method'],
  docs: `Creates an endpoint. Every http in of a flow is served under that flow's prefix: url \`/status\` in flow \`orders\` answers at **/hooks/orders/status**. The validate and deploy answers list the effective URLs (\`endpoints\`). The url may not contain \`..\`, \`?\` or \`#\`, and one method and url appear once per flow.

Anyone who knows the URL can call it: deploying an http in needs the permission **deploy.open-endpoint** and always adds a warning. For partner-facing endpoints prefer the Tradelane **intake** node: it authenticates the partner, limits the body and answers with located errors.`,
});

export const httpResponseNode = describeCoreNode({
  type: 'http response', category: 'network', label: 'http response', summary: 'Answers the request from an http in node.', inputs: 1, sideEffects: 'external', outputs: [], color: '#e7e7ae',
  properties: { statusCode: { type: ['string', 'number'], default: '' }, headers: { type: 'object', additionalProperties: { type: 'string' }, default: {} } },
  docs: 'Sends `msg.payload` as the response, with `msg.statusCode` and `msg.headers` unless set here.',
});

export const httpRequestNode = describeCoreNode({
  type: 'http request', category: 'network', label: 'http request', summary: 'Calls an HTTP endpoint.', inputs: 1, sideEffects: 'external', outputs: ['response'], color: '#e7e7ae',
  properties: {
    method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'use'], default: 'GET' },
    url: { type: 'string', default: '' },
    ret: { type: 'string', enum: ['txt', 'bin', 'obj'], default: 'txt' },
    paytoqs: { type: ['string', 'boolean'], default: 'ignore' },
    persist: { type: 'boolean', default: false },
  },
  docs: 'Sends an HTTP request. For ERP calls prefer **ERP post**: pooled connections, idempotency keys, failure classification and a circuit breaker.',
});

export const fileInNode = describeCoreNode({
  type: 'file in', category: 'storage', label: 'file in', summary: 'Reads a file.', inputs: 1, sideEffects: 'none', outputs: ['content'], color: '#bbbbbb',
  properties: { filename: { type: 'string', default: '' }, format: { type: 'string', enum: ['utf8', 'lines', '', 'stream'], default: 'utf8' }, encoding: { type: 'string', default: 'none' } },
  docs: 'Reads the file named here or in `msg.filename`. Needs the permission **deploy.filesystem**. Names are confined to the files root (`TRADELANE_FILES_ROOT`, default `<data>/files`); relative names resolve inside it. A static name outside it is refused at deploy; a name from the message that resolves outside it (`..`, an absolute path, a symlink leaving the root) fails that message.',
});

export const fileOutNode = describeCoreNode({
  type: 'file', category: 'storage', label: 'file out', summary: 'Writes or appends to a file.', inputs: 1, sideEffects: 'external', outputs: ['written'], color: '#bbbbbb',
  properties: { filename: { type: 'string', default: '' }, appendNewline: { type: 'boolean', default: true }, createDir: { type: 'boolean', default: false }, overwriteFile: { type: ['string', 'boolean'], enum: ['true', 'false', 'delete', true, false], default: 'false' } },
  docs: 'Writes `msg.payload` to a file named here or in `msg.filename`. Needs the permission **deploy.filesystem**. Names are confined to the files root (`TRADELANE_FILES_ROOT`, default `<data>/files`); relative names resolve inside it. A static name outside it is refused at deploy; a name from the message that resolves outside it fails that message.',
});

export const watchNode = describeCoreNode({
  type: 'watch', category: 'storage', label: 'watch', summary: 'Emits when files in a directory change (a drop directory).', inputs: 0, sideEffects: 'none', outputs: ['change'], color: '#bbbbbb',
  properties: {
    files: { type: 'string', description: 'Comma-separated files or directories to watch.', default: '' },
    recursive: { type: 'boolean', default: false },
  },
  required: ['files'],
  docs: 'Needs the permission **deploy.filesystem**; every watched path must be inside the files root (`TRADELANE_FILES_ROOT`), relative paths resolve inside it. Watches files or directories and emits a message per change, with `msg.filename` and `msg.type` (file or directory). Pair it with **file in** to read a dropped EDI file; have partners write to a temporary name and rename, so a half-written file is never read.',
});
