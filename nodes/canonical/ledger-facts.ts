// What every node that records in the ledger needs: the message's ledger id, whether a caller still waits, and errors in the ledger's shape.
import { LEDGER_ID_PROPERTY, NodeError, type DocumentLedger, type Failure, type LedgerError, type OutboundResponse, type TradelaneMessage } from '../sdk/index.js';

/** At most this many errors are kept per document: a broken CSV of 100,000 rows must not make a 100,000-entry list. */
export const MAX_LEDGER_ERRORS = 50;
const MAX_MESSAGE_LENGTH = 1000;

/** The ledger document the message is about (set by intake, EDI parse, dead letter), if any. */
export function ledgerIdOf(msg: TradelaneMessage): string | undefined {
  const id = msg[LEDGER_ID_PROPERTY];
  return typeof id === 'string' && id ? id : undefined;
}

function isOutbound(value: unknown): value is OutboundResponse {
  return typeof value === 'object' && value !== null && typeof (value as OutboundResponse).send === 'function' && typeof (value as OutboundResponse).header === 'function';
}

/** True while a partner (SDK intake) or an http in caller still waits for the answer: the answer then decides the status. */
export function awaitsAnswer(msg: TradelaneMessage): boolean {
  const res = msg.res;
  if (isOutbound(res)) return !res.sent;
  const express = (res as { _res?: { headersSent?: boolean } } | undefined)?._res;
  return express !== undefined && express !== null && typeof express === 'object' && express.headersSent !== true;
}

function scalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** One problem as the ledger keeps it: its message, where it is, and its other plain facts (line, column, code, ...). */
function ledgerErrorOf(problem: unknown): LedgerError | undefined {
  if (typeof problem === 'string') return { message: problem.slice(0, MAX_MESSAGE_LENGTH) };
  if (problem === null || typeof problem !== 'object' || Array.isArray(problem)) return undefined;
  const fields = problem as Record<string, unknown>;
  const message = typeof fields.message === 'string' ? fields.message : typeof fields.error === 'string' ? fields.error : undefined;
  if (message === undefined) return undefined;
  const error: LedgerError = { message: message.slice(0, MAX_MESSAGE_LENGTH) };
  for (const [name, value] of Object.entries(fields)) {
    if (name !== 'message' && scalar(value)) error[name] = typeof value === 'string' ? value.slice(0, MAX_MESSAGE_LENGTH) : value;
  }
  return error;
}

/** Located problems ({path|segment, message, ...}) from any list; entries without a message are skipped. */
export function ledgerErrors(problems: unknown): LedgerError[] {
  if (!Array.isArray(problems)) return [];
  const errors: LedgerError[] = [];
  for (const problem of problems) {
    const error = ledgerErrorOf(problem);
    if (error) errors.push(error);
    if (errors.length >= MAX_LEDGER_ERRORS) break;
  }
  return errors;
}

/** The errors of an error answer {error, details:[...]}: its located details, or the error text itself at $. */
export function answerErrors(body: unknown): LedgerError[] {
  const fields = body !== null && typeof body === 'object' ? body as Record<string, unknown> : {};
  const located = ledgerErrors(fields.details);
  if (located.length) return located;
  if (typeof fields.error === 'string') return [{ path: '$', message: fields.error.slice(0, MAX_MESSAGE_LENGTH) }];
  return [];
}

/** Where a coded error's details locate it: a {path, message} list (or one under problems), kept beside the error itself. */
function locatedDetails(details: unknown): LedgerError[] {
  if (Array.isArray(details)) return ledgerErrors(details);
  const fields = details !== null && typeof details === 'object' ? details as Record<string, unknown> : {};
  if (Array.isArray(fields.problems)) return ledgerErrors(fields.problems);
  const body = fields.body !== null && typeof fields.body === 'object' ? fields.body as Record<string, unknown> : undefined;
  return body ? ledgerErrors(body.details) : [];
}

/** A thrown error as ledger errors: the error (code, message, retryable) first, then every problem its details locate. */
export function errorsOfThrown(thrown: unknown): LedgerError[] {
  const error = thrown instanceof NodeError ? thrown : undefined;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const head: LedgerError = { path: '$', message: message.slice(0, MAX_MESSAGE_LENGTH), ...(error ? { code: error.code, retryable: error.retryable } : {}) };
  return [head, ...locatedDetails(error?.details)].slice(0, MAX_LEDGER_ERRORS);
}

/** A failure chain (retries, queue attempts) as ledger errors, oldest first. */
export function errorsOfFailures(failures: readonly Failure[]): LedgerError[] {
  return failures.slice(-MAX_LEDGER_ERRORS).map((failure) => ({
    message: failure.message.slice(0, MAX_MESSAGE_LENGTH), code: failure.code, retryable: failure.retryable, nodeId: failure.nodeId, nodeType: failure.nodeType, at: failure.at,
  }));
}

/** The message's document is dead-lettered, with its failure chain and the dead letter it can be replayed from. */
export function markDeadLettered(ledger: DocumentLedger, msg: TradelaneMessage, failures: Failure[], deadLetterId: string): void {
  const documentId = ledgerIdOf(msg);
  if (!documentId) return;
  ledger.update({ documentId }, { status: 'dead-lettered', errors: errorsOfFailures(failures), facts: { deadLetterId } });
}
