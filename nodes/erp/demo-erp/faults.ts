// Fault injection for the demo ERP: added latency, a random error rate, "down for N seconds" and lost responses.
import type { NextFunction, Request, Response } from 'express';

export interface FaultSettings {
  latencyMs: number;
  /** Share of requests (0..1) answered with errorStatus before anything is applied. */
  errorRate: number;
  errorStatus: number;
  /** Share of updates (0..1) that are applied but answered 503, as if the response was lost on the way back. */
  lostResponseRate: number;
}

export interface FaultView extends FaultSettings {
  downForSeconds: number;
  downUntil: string | null;
}

export interface FaultSettingsInput extends Partial<FaultSettings> {
  downForSeconds?: number;
}

const DEFAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, errorStatus: 503, lostResponseRate: 0 };

export class FaultInjector {
  private settings: FaultSettings = { ...DEFAULTS };
  private downUntil = 0;
  readonly counters = { injectedErrors: 0, downResponses: 0, delayedRequests: 0, lostResponses: 0 };

  constructor(private readonly random: () => number = Math.random, private readonly now: () => number = Date.now) {}

  view(): FaultView {
    const remainingMs = Math.max(0, this.downUntil - this.now());
    return {
      ...this.settings,
      downForSeconds: Math.ceil(remainingMs / 1000),
      downUntil: remainingMs > 0 ? new Date(this.downUntil).toISOString() : null,
    };
  }

  /** Changes only the fields given; downForSeconds counts from now (0 brings the ERP back up). */
  update(input: FaultSettingsInput): FaultView {
    const { downForSeconds, ...settings } = input;
    this.settings = { ...this.settings, ...settings };
    if (downForSeconds !== undefined) this.downUntil = downForSeconds > 0 ? this.now() + downForSeconds * 1000 : 0;
    return this.view();
  }

  reset(): FaultView {
    this.settings = { ...DEFAULTS };
    this.downUntil = 0;
    return this.view();
  }

  get injectedFaults(): number {
    const { injectedErrors, downResponses, lostResponses } = this.counters;
    return injectedErrors + downResponses + lostResponses;
  }

  /** True when an applied update's response should be replaced by a 503 (the client will retry with the same key). */
  loseResponse(): boolean {
    if (this.settings.lostResponseRate > 0 && this.random() < this.settings.lostResponseRate) {
      this.counters.lostResponses += 1;
      return true;
    }
    return false;
  }

  /** Express middleware for the data routes: down, then latency, then random errors. */
  readonly middleware = async (_request: Request, response: Response, next: NextFunction): Promise<void> => {
    const remainingMs = this.downUntil - this.now();
    if (remainingMs > 0) {
      this.counters.downResponses += 1;
      response.setHeader('Retry-After', String(Math.ceil(remainingMs / 1000)));
      response.status(503).json({ error: 'demo ERP is down (fault injection)', details: [{ path: '$', message: `back in ${Math.ceil(remainingMs / 1000)} s` }] });
      return;
    }
    if (this.settings.latencyMs > 0) {
      this.counters.delayedRequests += 1;
      await new Promise((resolve) => setTimeout(resolve, this.settings.latencyMs));
    }
    if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) {
      this.counters.injectedErrors += 1;
      const status = this.settings.errorStatus;
      if (status === 503 || status === 429) response.setHeader('Retry-After', '1');
      response.status(status).json({ error: `injected fault (HTTP ${status})`, details: [{ path: '$', message: 'fault injection: errorRate' }] });
      return;
    }
    next();
  };
}
