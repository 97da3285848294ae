// Answers the HTTP request carried on msg.res, if one is still waiting: the SDK's OutboundResponse or a core `http in` response.
import type { OutboundResponse } from '../sdk/index.js';

interface ExpressLikeResponse {
  headersSent?: boolean;
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

function isOutbound(value: unknown): value is OutboundResponse {
  return typeof value === 'object' && value !== null && typeof (value as OutboundResponse).send === 'function' && typeof (value as OutboundResponse).header === 'function';
}

/** Sends status + JSON body with headers; returns false when there was no pending response. */
export function answerPending(res: unknown, status: number, body: unknown, headers: Record<string, string> = {}): boolean {
  if (isOutbound(res)) {
    if (res.sent) return false;
    for (const [name, value] of Object.entries(headers)) res.header(name, value);
    res.send(status, body);
    return true;
  }
  const express = (res as { _res?: ExpressLikeResponse } | undefined)?._res;
  if (express && typeof express.status === 'function' && !express.headersSent) {
    for (const [name, value] of Object.entries(headers)) express.setHeader(name, value);
    express.status(status).json(body);
    return true;
  }
  return false;
}
