// The partner intake node: a POST endpoint under /partners/:partnerId/ with partner authentication and body checks.
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_MAX_NESTING_DEPTH, defineNode, jsonDepthViolation, NodeError,
  type EarlyAnswer, type InboundHead, type InboundRequest, type OutboundResponse, type PartnerAuthMethod, type TradelaneMessage,
} from '../sdk/index.js';
import { LEDGER_DOCUMENT_TYPES } from '../canonical/business-keys.js';
import { IntakeLedger } from './intake-ledger.js';
import { authenticate, authenticateHead, headerValue, type AuthContext, type AuthFailure } from './partner-auth.js';
import { replayGuardFor, REPLAY_NAMESPACE } from './replay-guard.js';
import { BODY_FORMATS, formatOf, parseBody, type BodyFormat, type ParsedBody } from './request-body.js';
import { KEY_HEADER_PATTERN, keyHeaderProblems } from './request-headers.js';
import { DEFAULT_SIGNATURE_HEADER, DEFAULT_TIMESTAMP_HEADER } from './signature.js';
import { xmlDepthViolation } from './xml-depth.js';

export interface IntakeConfig {
  partnerId: string;
  path: string;
  auth: PartnerAuthMethod | 'partner' | 'none';
  apiKeyHeader: string;
  timestampHeader: string;
  signatureHeader: string;
  replayWindowSeconds: number;
  contentTypes: BodyFormat[];
  csvDelimiter: string;
  bodyLimitBytes: number;
  bodyTimeoutMs: number;
  maxNestingDepth: number;
  responseTimeoutMs: number;
  documentType: string;
}

const CONTENT_TYPE_NAMES: Record<BodyFormat, string> = {
  json: 'application/json',
  xml: 'application/xml or text/xml',
  csv: 'text/csv',
  x12: 'application/edi-x12 (or text/plain starting with ISA)',
  edifact: 'application/edifact (or text/plain starting with UNA/UNB)',
};

export const intakeNode = defineNode<IntakeConfig>({
  type: 'tl-intake',
  category: 'intake',
  label: 'partner intake',
  summary: 'Receives documents from a partner over HTTP, authenticated per partner.',
  color: '#7fb7df',
  inputs: 0,
  sideEffects: 'none',
  outputs: [{ label: 'document' }],
  configSchema: {
    type: 'object',
    properties: {
      partnerId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', title: 'Partner id', description: 'The endpoint is /partners/{partnerId}/{path}.' },
      path: { type: 'string', pattern: '^[a-z0-9][a-z0-9/_-]*$', title: 'Path', description: 'For example "po-acks" or "asns".' },
      auth: {
        type: 'string', enum: ['api-key', 'hmac', 'partner', 'none'], default: 'api-key', title: 'Authentication',
        description: 'api-key: key in a header; hmac: signed request (v2); partner: whichever the partner is set up for; none: open (tests only).',
      },
      apiKeyHeader: { type: 'string', default: 'X-Api-Key', 'x-show-when': { auth: ['api-key', 'partner'] }, title: 'API key header', description: 'Request header that carries the partner\'s API key.' },
      timestampHeader: { type: 'string', default: DEFAULT_TIMESTAMP_HEADER, 'x-show-when': { auth: ['hmac', 'partner'] }, title: 'HMAC timestamp header', description: 'Unix time in seconds.' },
      signatureHeader: { type: 'string', default: DEFAULT_SIGNATURE_HEADER, 'x-show-when': { auth: ['hmac', 'partner'] }, title: 'HMAC signature header', description: '"v2=" + hex HMAC-SHA256 of the v2 canonical string (timestamp, method, path, Idempotency-Key, X-Correlation-Id, body).' },
      replayWindowSeconds: { type: 'integer', minimum: 1, maximum: 86_400, default: 300, 'x-show-when': { auth: ['hmac', 'partner'] }, title: 'Replay window (s)', description: 'Signed requests whose timestamp is further from the server time are refused.' },
      contentTypes: {
        type: 'array', items: { enum: [...BODY_FORMATS] }, minItems: 1, uniqueItems: true, default: ['json'], title: 'Accepted content types',
        description: 'json, xml, csv (header row; rows become objects), x12 and edifact (raw text for the EDI parse node).',
      },
      csvDelimiter: { type: 'string', minLength: 1, maxLength: 1, default: ',', title: 'CSV delimiter', description: 'Column separator of CSV bodies, e.g. ; for many European partners.' },
      bodyLimitBytes: { type: 'integer', minimum: 1, maximum: 50 * 1024 * 1024, default: 1024 * 1024, title: 'Body limit (bytes)' },
      bodyTimeoutMs: { type: 'integer', minimum: 500, maximum: 120_000, default: 10_000, title: 'Body deadline (ms)', description: 'The whole body must arrive within this time after the headers, else 408 (slow senders hold no connection).' },
      maxNestingDepth: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_MAX_NESTING_DEPTH, title: 'Nesting depth limit', description: 'JSON and XML bodies nested deeper are refused with 400 and the location.' },
      responseTimeoutMs: { type: 'integer', minimum: 100, default: 30_000, title: 'Response timeout (ms)', description: 'Answer 504 when no node has responded by then.' },
      documentType: {
        type: 'string', enum: ['', ...LEDGER_DOCUMENT_TYPES], default: '', title: 'Document type',
        description: 'What this endpoint receives, as the ledger names it (e.g. acknowledgement). Empty: decided by a later validate or EDI parse node.',
      },
    },
    required: ['partnerId', 'path'],
    additionalProperties: false,
  },
  docs: `Creates the endpoint \`POST /partners/{partnerId}/{path}\` for one trading partner.

### Authentication
A request that fails authentication gets **401** with the offending header in \`details[0].path\`; it never enters the flow.
- **api-key**: the partner's key in the configured header (default \`X-Api-Key\`), checked before the body is read. Keys are stored as keyed hashes.
- **hmac**: the partner signs each request. \`X-Tradelane-Timestamp\` carries Unix time in seconds,
  \`X-Tradelane-Signature\` carries \`v2=\` + hex HMAC-SHA256 with the partner's HMAC secret over
  \`v2:{timestamp}\\n{METHOD}\\n{path}\\n{Idempotency-Key}\\n{X-Correlation-Id}\\n\` followed by the raw body (absent headers are empty).
  Signatures are compared in constant time. A timestamp further than **replayWindowSeconds** (default 300) from the server clock is refused,
  and a signature already accepted within the window is refused too (the seen signatures survive a restart), so a captured request is applied at most once.
  The retired v1 scheme (\`sha256=\` over \`timestamp.body\`) is accepted only for partners whose \`legacyV1Signatures\` switch is on.
- **partner**: uses whichever method the partner is set up with (\`/api/partners\`).
- **none**: no check; only for tests and internal endpoints.

A suspended partner is refused. Requests count against the partner's rate limit (\`/api/partners\`, default 50/s, burst 100) before anything else; over it they get **429** with \`Retry-After\`.

### Body
The \`Content-Type\` picks the parser; types not in **contentTypes** get **415**.
| Content type | msg.contentType | msg.payload |
|---|---|---|
| \`application/json\` (or none) | \`json\` | the parsed document; malformed JSON gets **400** with line and column |
| \`application/xml\`, \`text/xml\` | \`xml\` | the element tree (attributes as \`@_name\`, values as strings); malformed XML gets **400** with line and column |
| \`text/csv\` | \`csv\` | an array of objects, one per row, keyed by the header row; a broken row gets **400** with its line |
| \`application/edi-x12\` | \`x12\` | the raw interchange text, for the **EDI parse** node |
| \`application/edifact\` | \`edifact\` | the raw interchange text |

A body over **bodyLimitBytes** gets **413**; a body that has not fully arrived within **bodyTimeoutMs** (default 10 s) gets **408** and the connection is closed.
JSON and XML nested deeper than **maxNestingDepth** (default 64) get **400** with the line and column where the limit was crossed.

### Message
\`msg.partnerId\` is the partner, \`msg.correlationId\` comes from \`X-Correlation-Id\` or is generated, \`msg.idempotencyKey\` from an \`Idempotency-Key\` header if sent.
Both headers must be 1–128 characters of \`A-Z a-z 0-9 . _ : @ / + = -\`; another value gets **400** located at \`header.Idempotency-Key\` or \`header.X-Correlation-Id\`, never a truncated key.
\`msg.res\` holds the pending response: end the flow with a **respond** node. If nothing answers within the response timeout, the caller gets **504** with the correlation ID.

Every error answer has the shape \`{error, details: [{path, message, ...location}], correlationId}\`.

### Ledger
Every request is recorded in the document ledger (\`GET /api/documents?correlationId=…\`), including refused ones:
- refused before the flow (400, 401, 415): status \`refused\` with the HTTP status, the answer's located \`details\` as errors and the reason; the body when it was read (a request refused on its headers keeps only its declared size);
- accepted into the flow: status \`received\` with the raw body, the business keys found in it, and \`msg.ledgerId\` set, so later nodes (validate, ERP post, dead letter) update the same document;
- when the flow answers: 2xx \`accepted\`, 4xx \`refused\` (e.g. a 422 from a respond node, with its details), 5xx \`failed\`; a later status such as \`posted\` is kept. No answer within the response timeout: \`failed\` with 504.
- refused by the runtime before the node saw them (429 over the rate limit, 413 too large, 408 too slow): status \`refused\`, type \`http-request\`, with the reason (\`rate-limited\`, \`too-large\`, \`too-slow\`) and the declared size; a 429 flood is recorded at up to 5 a second per partner, the next record counting the ones left out.

**Document type** names what the endpoint receives (\`acknowledgement\`, \`asn\`, \`invoice\`, …); \`msg.documentType\` carries it on, e.g. to the ERP post's record. Empty leaves it to a canonical validate or EDI parse node (\`http-request\` until then).
The API key, signature and other headers are never recorded; payload fields named in the partner's or flow's \`maskFields\` are masked.`,
  origin: 'tradelane',
  create(ctx, config) {
    const { partners, http, clock } = ctx.services;
    const path = `/partners/${config.partnerId}/${config.path}`;
    const auth: AuthContext = { partners, clock, partnerId: config.partnerId, settings: config };
    const replay = replayGuardFor(ctx.services.keyValue(REPLAY_NAMESPACE), clock);
    const pending = new Set<NodeJS.Timeout>();
    const checks = bodyChecks(config);
    const ledger = new IntakeLedger(ctx.services.ledger, { partnerId: config.partnerId, flowId: ctx.flowId, nodeId: ctx.nodeId, path, documentType: config.documentType });

    const unregister = http.register('POST', path, async (request, response) => {
      const correlationId = correlationIdOf(request);
      const refused = refusedHeaders(request, correlationId) ?? await refusedAuth(await authenticate(auth, request, replay), correlationId);
      const body = refused ? { refused } : checks(request, correlationId);
      if ('refused' in body) {
        ledger.refusedRead(request, body.refused, correlationId);
        return answerEarly(response, body.refused);
      }
      const documentId = ledger.received(request, body.parsed.payload, body.parsed.format, correlationId);
      const answer = awaitAnswer(response, correlationId, config.responseTimeoutMs, pending, {
        answered: (status, answerBody) => ledger.answered(documentId, status, answerBody),
        timedOut: (early) => ledger.timedOut(documentId, early),
      });
      ctx.send({ ...messageFor(request, body.parsed, correlationId, config.partnerId, answer), ledgerId: documentId, ...(config.documentType ? { documentType: config.documentType } : {}) });
    }, {
      bodyLimitBytes: config.bodyLimitBytes,
      bodyTimeoutMs: config.bodyTimeoutMs,
      partnerId: config.partnerId,
      // Header problems and a wrong API key are answered before one byte of the body is read.
      preAuth: async (head) => {
        const correlationId = correlationIdOf(head);
        const result = await authenticateHead(auth, head);
        const refused = refusedHeaders(head, correlationId) ?? refusedAuth('failure' in result ? result.failure : undefined, correlationId);
        if (refused) ledger.refusedUnread(head, refused, correlationId);
        return refused;
      },
    });

    ctx.status({ fill: 'green', shape: 'dot', text: path });
    return {
      onClose() {
        unregister();
        for (const timer of pending) clearTimeout(timer);
      },
    };
  },
});

/** The caller's X-Correlation-Id when it is valid, else a fresh one (an invalid one is refused, and the refusal needs an id). */
function correlationIdOf(request: InboundHead): string {
  const sent = headerValue(request, 'x-correlation-id');
  return sent && KEY_HEADER_PATTERN.test(sent) ? sent : randomUUID();
}

function refusal(status: number, error: string, details: unknown[], correlationId: string): EarlyAnswer {
  return { status, body: { error, details, correlationId }, headers: { 'X-Correlation-Id': correlationId } };
}

function refusedHeaders(request: InboundHead, correlationId: string): EarlyAnswer | undefined {
  const problems = keyHeaderProblems(request);
  return problems.length ? refusal(400, 'invalid request headers', problems, correlationId) : undefined;
}

function refusedAuth(failure: AuthFailure | undefined, correlationId: string): EarlyAnswer | undefined {
  return failure ? refusal(401, 'unauthorized', [failure], correlationId) : undefined;
}

function answerEarly(response: OutboundResponse, answer: EarlyAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) response.header(name, value);
  response.send(answer.status, answer.body);
}

type BodyCheck = { parsed: ParsedBody } | { refused: EarlyAnswer };

/** Content type, nesting depth and parsing, each refusal located. */
function bodyChecks(config: IntakeConfig): (request: InboundRequest, correlationId: string) => BodyCheck {
  const accepted = new Set(config.contentTypes);
  return (request, correlationId) => {
    const contentType = headerValue(request, 'content-type');
    const format = formatOf(contentType, request.body);
    if (!format || !accepted.has(format)) {
      const expected = [...accepted].map((name) => CONTENT_TYPE_NAMES[name]).join('; ');
      return { refused: refusal(415, `content type "${contentType ?? ''}" is not accepted here`, [{ path: 'header.Content-Type', message: `expected ${expected}` }], correlationId) };
    }
    try {
      const text = request.body.toString('utf8');
      const tooDeep = nestingViolation(format, text, config.maxNestingDepth);
      if (tooDeep) return { refused: refusal(400, `body nests deeper than ${config.maxNestingDepth} levels`, [tooDeep], correlationId) };
      return { parsed: parseBody(format, request.body, { csvDelimiter: config.csvDelimiter }) };
    } catch (error) {
      if (!(error instanceof NodeError)) throw error;
      return { refused: refusal(400, error.message, error.details as unknown[], correlationId) };
    }
  };
}

function nestingViolation(format: BodyFormat, text: string, maxDepth: number): Record<string, unknown> | undefined {
  const found = format === 'json' ? jsonDepthViolation(text, maxDepth) : format === 'xml' ? xmlDepthViolation(text, maxDepth) : undefined;
  if (!found) return undefined;
  return { path: '$', message: `nesting depth ${found.depth} at line ${found.line}, column ${found.column} exceeds the limit of ${maxDepth}`, line: found.line, column: found.column, depth: found.depth, limit: maxDepth };
}

/** Told how the request was answered, for the ledger. */
interface AnswerListener {
  answered(status: number, body: unknown): void;
  timedOut(answer: EarlyAnswer): void;
}

/** The pending response travels on msg.res; a timer answers 504 if no node does in time, and is cleared as soon as one does. */
function awaitAnswer(response: OutboundResponse, correlationId: string, timeoutMs: number, pending: Set<NodeJS.Timeout>, listener: AnswerListener): OutboundResponse {
  response.header('X-Correlation-Id', correlationId);
  const timer = setTimeout(() => {
    pending.delete(timer);
    if (response.sent) return;
    const answer = refusal(504, 'the flow did not answer in time', [{ path: '$', message: `no response within ${timeoutMs} ms` }], correlationId);
    answerEarly(response, answer);
    listener.timedOut(answer);
  }, timeoutMs);
  pending.add(timer);
  return {
    get sent() { return response.sent; },
    header: (name, value) => response.header(name, value),
    send: (status, body, type) => {
      clearTimeout(timer);
      pending.delete(timer);
      // Only the first answer reaches the partner, so only it is recorded.
      if (!response.sent) listener.answered(status, body);
      response.send(status, body, type);
    },
  };
}

function messageFor(request: InboundRequest, parsed: ParsedBody, correlationId: string, partnerId: string, res: OutboundResponse): TradelaneMessage {
  const idempotencyKey = headerValue(request, 'idempotency-key');
  return {
    correlationId,
    payload: parsed.payload,
    contentType: parsed.format,
    partnerId,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    res,
  };
}
