// Dead-letter API: list with filters, counts, inspect, edit the payload, replay (one or by filter) into a running node, discard (kept as discarded); audited.
import { queryTime } from './query-time.js';
import type { DocumentLedger, JSONSchema, LedgerReference } from '../../nodes/sdk/index.js';
import type { FlowEngine } from '../engine/flow-engine.js';
import type { FlowNode } from '../engine/flow-types.js';
import { DEAD_LETTER_STATUSES, summarise, type DeadLetter, type DeadLetterFilter, type DeadLetterStatus, type DeadLetterStore } from '../store/dead-letter-store.js';
import type { ApiRouter } from './api-router.js';
import { currentUser, type AuthUser } from './auth.js';
import { HttpError, type ErrorDetail } from './http-error.js';
import { planReplay, withReason, type ReplayValidation } from './replay-policy.js';

export interface DeadLetterRouteDeps {
  store: DeadLetterStore;
  engine: Pick<FlowEngine, 'deliver' | 'nodeInfo'>;
  /** Version of a flow as deployed now. */
  currentVersion(flowId: string): Promise<number | undefined>;
  /** The nodes of a flow as deployed now (the replay policy reads its wiring and validate nodes). */
  flowNodes(flowId: string): Promise<readonly FlowNode[] | undefined>;
  /** Adds a note to the message's trace. */
  note(correlationId: string, nodeId: string, text: string): void;
  now(): number;
  /** The document ledger: a replay is noted on the document the dead letter is about. */
  ledger?: Pick<DocumentLedger, 'update'>;
}

interface ReplayRequest {
  nodeId?: string;
  version?: 'current' | 'original';
  /** Why the replay is made; required when it skips validation, and kept in the replay history. */
  reason?: string;
}

type FilterQuery = Partial<Record<'flowId' | 'partnerId' | 'code' | 'status' | 'from' | 'to' | 'limit', string>>;

const OPERATORS = ['admin', 'operator'] as const;

const filterProperties: Record<string, JSONSchema> = {
  flowId: { type: 'string' },
  partnerId: { type: 'string' },
  code: { type: 'string', description: 'Any error in the chain has this code.' },
  status: { enum: [...DEAD_LETTER_STATUSES], description: 'open, replayed, or discarded (kept, never deleted).' },
  from: { type: 'string', description: 'ISO date-time: created at or after.' },
  to: { type: 'string', description: 'ISO date-time: created at or before.' },
  limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
};

const replayProperties: Record<string, JSONSchema> = {
  nodeId: { type: 'string', minLength: 1, description: 'Deliver into this node of the dead letter\'s own flow instead of its entry node (admins only; other flows are refused).' },
  reason: { type: 'string', minLength: 1, maxLength: 500, description: 'Why the message is replayed; required when an edited payload would skip validation (permission deadletter.replay-unvalidated). Kept in the replay history.' },
  version: {
    enum: ['current', 'original'],
    default: 'current',
    description: '"current": into the flow as deployed now. "original": only if the running flow is still the version the message failed on; otherwise 409 (roll the flow back first). Nothing is deployed by a replay.',
  },
};


function toFilter(query: FilterQuery): DeadLetterFilter {
  return {
    ...(query.flowId ? { flowId: query.flowId } : {}),
    ...(query.partnerId ? { partnerId: query.partnerId } : {}),
    ...(query.code ? { code: query.code } : {}),
    ...(DEAD_LETTER_STATUSES.includes(query.status as DeadLetterStatus) ? { status: query.status as DeadLetterStatus } : {}),
    from: queryTime(query.from, 'from'),
    to: queryTime(query.to, 'to'),
    ...(query.limit ? { limit: Number(query.limit) } : {}),
  };
}

export interface ReplayResult {
  id: string;
  nodeId: string;
  flowVersion: number | null;
  correlationId: string;
  validation: ReplayValidation;
}

/** What the audit entry of a replay records (the route hands it to the router as res.locals.auditDetails). */
export interface ReplayAuditDetails {
  deadLetterId: string;
  nodeId: string;
  flowId: string;
  flowVersion: number | null;
  requested: 'current' | 'original';
  correlationId: string;
  validation: ReplayValidation;
  edited: boolean;
  reason?: string;
}

/**
 * Delivers a dead letter's (possibly edited) message into a running node of its own flow, after the replay policy
 * chose the node and the validation (replay-policy.ts). Deploys nothing.
 */
export async function replayDeadLetter(deps: DeadLetterRouteDeps, letter: DeadLetter, user: AuthUser, request: ReplayRequest): Promise<ReplayResult & { audit: ReplayAuditDetails }> {
  if (letter.status === 'discarded') throw discardedConflict(letter, 'it cannot be replayed');
  const flowNodes = (await deps.flowNodes(letter.flowId)) ?? [];
  const plan = withReason(planReplay(letter, request, user, { nodes: flowNodes, flowOfNode: (id) => deps.engine.nodeInfo(id)?.flowId }), request.reason);
  const { nodeId } = plan;
  const node = deps.engine.nodeInfo(nodeId);
  if (!node) throw new HttpError(409, `node "${nodeId}" is not deployed`, [{ path: '$.nodeId', message: `flow "${letter.flowId}" does not run node "${nodeId}" now; deploy it or roll the flow back` }]);
  const running = (await deps.currentVersion(node.flowId)) ?? null;
  if (request.version === 'original' && running !== letter.flowVersion) {
    throw new HttpError(409, `flow "${letter.flowId}" runs version ${running}, the message failed on version ${letter.flowVersion}`, [
      { path: '$.version', message: `roll the flow back to version ${letter.flowVersion} (POST /api/flows/${letter.flowId}/rollback) or replay on the current version` },
    ]);
  }
  const at = new Date(deps.now()).toISOString();
  const by = user.username;
  const msg = {
    ...structuredClone(letter.message),
    correlationId: letter.correlationId,
    payload: structuredClone(letter.message.payload),
    replay: { deadLetterId: letter.id, by, at, count: letter.replays.length + 1, validation: plan.validation },
  };
  deps.note(letter.correlationId, nodeId, `replay of dead letter ${letter.id} by ${by} into ${nodeId} (flow version ${running ?? 'unknown'}, validation: ${plan.validation}${plan.reason ? `, reason: ${plan.reason}` : ''})`);
  if (!deps.engine.deliver(nodeId, msg)) throw new HttpError(409, `node "${nodeId}" is not running`);
  deps.ledger?.update(ledgerReferenceOf(letter), {
    facts: { replayCount: msg.replay.count, lastReplayBy: by, lastReplayAt: at, lastReplayNodeId: nodeId, lastReplayValidation: plan.validation, lastReplayEdited: letter.edits.length > 0, deadLetterId: letter.id },
  });
  await deps.store.markReplayed(letter.id, { at, by, nodeId, flowVersion: running, validation: plan.validation, ...(plan.reason ? { reason: plan.reason } : {}) });
  const audit: ReplayAuditDetails = {
    deadLetterId: letter.id, nodeId, flowId: node.flowId, flowVersion: running, requested: request.version ?? 'current', correlationId: letter.correlationId,
    validation: plan.validation, edited: letter.edits.length > 0, ...(plan.reason ? { reason: plan.reason } : {}),
  };
  return { id: letter.id, nodeId, flowVersion: running, correlationId: letter.correlationId, validation: plan.validation, audit };
}

/**
 * The document a dead letter is about: the ledger id its stored message carries (set by intake, EDI parse or the
 * dead-letter node), else the documents of its correlation id (dead letters stored before the ledger existed).
 */
function ledgerReferenceOf(letter: DeadLetter): LedgerReference {
  const documentId = letter.message.ledgerId;
  return typeof documentId === 'string' && documentId ? { documentId } : { correlationId: letter.correlationId };
}

/** 409 for an action on a dead letter an operator already discarded; says who and when. */
function discardedConflict(letter: DeadLetter, consequence: string): HttpError {
  const by = letter.discarded ? ` by ${letter.discarded.by} at ${letter.discarded.at}` : '';
  return new HttpError(409, `dead letter "${letter.id}" was already discarded${by}; ${consequence}`, [{ path: '$.status', message: 'is discarded' }], { status: 'discarded' });
}

/** A refused letter of a bulk replay: its located 4xx, or an internal failure without its internal message. */
function located(error: unknown): { status: number; error: string; details: ErrorDetail[] } {
  if (error instanceof HttpError) return { status: error.status, error: error.message, details: error.details };
  return { status: 500, error: 'internal error', details: [] };
}

export function registerDeadLetterRoutes(api: ApiRouter, deps: DeadLetterRouteDeps): void {
  const { store } = deps;
  const load = async (id: string) => {
    const letter = await store.get(id);
    if (!letter) throw new HttpError(404, `dead letter "${id}" not found`);
    return letter;
  };

  api.add<unknown, FilterQuery>({
    method: 'get', path: '/api/deadletters', tag: 'deadletters', summary: 'Dead letters, newest first; filter by flow, partner, error code, status and time', access: 'authenticated',
    query: { type: 'object', properties: filterProperties },
    handler: async ({ query }) => {
      const letters = await store.list(toFilter(query));
      return { deadLetters: letters.map(summarise), count: letters.length };
    },
  });

  // Before /:id, which would take "counts" for an id.
  api.add({
    method: 'get', path: '/api/deadletters/counts', tag: 'deadletters', summary: 'How many dead letters are open, replayed and discarded (the designer\'s nav badge)', access: 'authenticated',
    response: { type: 'object', properties: Object.fromEntries(DEAD_LETTER_STATUSES.map((status) => [status, { type: 'integer' }])), required: [...DEAD_LETTER_STATUSES] },
    handler: () => store.countByStatus(),
  });

  api.add({
    method: 'get', path: '/api/deadletters/:id', tag: 'deadletters', summary: 'One dead letter: message, error chain, flow version, replays', access: 'authenticated',
    handler: async ({ params }) => load(params.id!),
  });

  api.add<{ payload: unknown }>({
    method: 'put', path: '/api/deadletters/:id/payload', tag: 'deadletters', summary: 'Replace the stored payload before a replay (audited)', access: OPERATORS,
    body: { type: 'object', properties: { payload: {} }, required: ['payload'], additionalProperties: false },
    audit: { action: 'deadletter.edit', target: (request) => `deadletter:${request.params.id ?? ''}` },
    handler: async ({ params, body }, res) => {
      const user = currentUser(res).username;
      const before = await load(params.id!);
      const letter = await store.replacePayload(params.id!, body.payload, user);
      res.locals.auditDetails = { before: before.message.payload, after: body.payload };
      return letter;
    },
  });

  api.add<ReplayRequest>({
    method: 'post', path: '/api/deadletters/:id/replay', tag: 'deadletters', summary: 'Replay into the entry node (or, for admins, another node of the same flow); an edited payload is validated again (traced and audited)', access: OPERATORS,
    body: { type: 'object', properties: replayProperties, additionalProperties: false },
    audit: { action: 'deadletter.replay', target: (request) => `deadletter:${request.params.id ?? ''}` },
    handler: async ({ params, body }, res) => {
      const { audit: details, ...result } = await replayDeadLetter(deps, await load(params.id!), currentUser(res), body);
      res.locals.auditDetails = details;
      return result;
    },
  });

  api.add<ReplayRequest & { filter?: FilterQuery }>({
    method: 'post', path: '/api/deadletters/replay', tag: 'deadletters', summary: 'Replay every open dead letter matching a filter, each under the rules of a single replay', access: OPERATORS,
    body: { type: 'object', properties: { filter: { type: 'object', properties: filterProperties, additionalProperties: false }, ...replayProperties }, additionalProperties: false },
    audit: { action: 'deadletter.replay', target: () => 'deadletters:bulk' },
    handler: async ({ body }, res) => {
      const user = currentUser(res);
      const letters = await store.list({ ...toFilter(body.filter ?? {}), status: 'open' });
      const replayed: ReplayResult[] = [];
      const failed: Array<{ id: string; status: number; error: string; details: ErrorDetail[] }> = [];
      const audited: ReplayAuditDetails[] = [];
      const { filter: _filter, ...ask } = body;
      // Every letter is held to the same rules as a single replay; one refused letter does not stop the others.
      for (const letter of letters) {
        try {
          const { audit: details, ...result } = await replayDeadLetter(deps, letter, user, ask);
          replayed.push(result);
          audited.push(details);
        } catch (error) {
          failed.push({ id: letter.id, ...located(error) });
        }
      }
      res.locals.auditDetails = { filter: body.filter ?? {}, replayed: audited, refused: failed.map(({ id, status, error }) => ({ id, status, error })) };
      return { replayed, failed };
    },
  });

  api.add({
    method: 'delete', path: '/api/deadletters/:id', tag: 'deadletters',
    summary: 'Discard a dead letter: it is kept with status discarded (filterable, never replayed) and audited; 409 when it was already discarded', access: OPERATORS,
    audit: { action: 'deadletter.discard', target: (request) => `deadletter:${request.params.id ?? ''}` },
    handler: async ({ params }, res) => {
      const letter = await load(params.id!);
      if (letter.status === 'discarded' || !(await store.discard(letter.id, currentUser(res).username))) {
        throw discardedConflict((await store.get(letter.id)) ?? letter, 'nothing changed');
      }
      res.locals.auditDetails = { correlationId: letter.correlationId, flowId: letter.flowId, previousStatus: letter.status };
      return { id: letter.id, discarded: true, status: 'discarded' };
    },
  });
}
