// Flow health from what is known now: open circuits, nodes that did not start, recent errors, open dead letters and backlog.
import type { NotStartedNode } from '../engine/flow-engine.js';
import type { CircuitReport, QueueReport } from './health-registry.js';
import type { FlowErrorCounts } from './operations-queries.js';

export interface FlowHealth {
  state: 'ok' | 'degraded' | 'failing';
  errorsLastHour: number;
  backlog: number;
  openDeadLetters: number;
  openCircuits: number;
  reasons: string[];
}

export interface FlowHealthFacts {
  errors?: FlowErrorCounts;
  circuits: Array<CircuitReport & { name: string }>;
  queues: QueueReport[];
  openDeadLetters: number;
  notRunning: NotStartedNode[];
}

/** A backlog above this many waiting or in-flight messages makes a flow degraded. */
export const BACKLOG_THRESHOLD = 100;

const clockTime = (at: number) => new Date(at).toISOString().slice(11, 16);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function flowHealthOf(facts: FlowHealthFacts): FlowHealth {
  const failing: string[] = [];
  const degraded: string[] = [];
  for (const node of facts.notRunning) failing.push(`node '${node.name || node.id}' (${node.type}) did not start: ${node.reason}`);
  for (const circuit of facts.circuits) {
    if (circuit.state === 'open') failing.push(`ERP circuit open on '${circuit.name}' since ${clockTime(circuit.since)} UTC`);
    // Half-open: the ERP has not answered well since the circuit opened; a probe decides. Still failing until it closes.
    else if (circuit.state === 'half-open') failing.push(`ERP circuit half-open on '${circuit.name}' (probing) since ${clockTime(circuit.since)} UTC`);
  }
  const errors = facts.errors ?? { errorsLastHour: 0, recentMessages: 0, recentErrored: 0 };
  if (errors.recentMessages > 0 && errors.recentErrored === errors.recentMessages) failing.push(`every message in the last 5 minutes errored (${errors.recentErrored} of ${errors.recentMessages})`);
  else if (errors.errorsLastHour > 0) degraded.push(`${plural(errors.errorsLastHour, 'error')} in the last hour`);
  if (facts.openDeadLetters > 0) degraded.push(`${plural(facts.openDeadLetters, 'open dead letter')}`);
  const backlog = facts.queues.reduce((sum, queue) => sum + queue.queued + queue.inFlight, 0);
  if (backlog > BACKLOG_THRESHOLD) degraded.push(`backlog of ${backlog} messages (over ${BACKLOG_THRESHOLD})`);
  return {
    state: failing.length ? 'failing' : degraded.length ? 'degraded' : 'ok',
    errorsLastHour: errors.errorsLastHour,
    backlog,
    openDeadLetters: facts.openDeadLetters,
    openCircuits: facts.circuits.filter((circuit) => circuit.state !== 'closed').length,
    reasons: [...failing, ...degraded],
  };
}
