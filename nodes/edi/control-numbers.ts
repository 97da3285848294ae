// Control-number sequences per partner and envelope level: an in-memory source for tests and a KeyValueStore-backed one for the runtime.
import type { KeyValueStore } from '../sdk/index.js';

/** Envelope levels that carry control numbers: ISA13/UNB 0020, GS06/UNG 0048, ST02/UNH 0062. */
export type ControlNumberKind = 'interchange' | 'group' | 'transaction';

/** Hands out the next control number of a sequence; `scope` names the sequence, usually the partner or sender->receiver pair. */
export interface ControlNumberSource {
  next(kind: ControlNumberKind, scope: string): Promise<number>;
}

/** The most recent of several stored numbers (undefined when none is stored). */
function highest(values: readonly unknown[]): number | undefined {
  const numbers = values.filter((value): value is number => typeof value === 'number');
  return numbers.length ? Math.max(...numbers) : undefined;
}

/** ISA13 has nine digits; every sequence wraps to 1 after this. */
export const MAX_CONTROL_NUMBER = 999_999_999;

function following(previous: number | undefined): number {
  return previous === undefined || previous >= MAX_CONTROL_NUMBER || previous < 0 ? 1 : previous + 1;
}

/** Counts from `start` in memory; for tests and one-off CLI runs. */
export class MemoryControlNumbers implements ControlNumberSource {
  private readonly last = new Map<string, number>();
  constructor(private readonly start = 1) {}

  async next(kind: ControlNumberKind, scope: string): Promise<number> {
    const key = `${kind}:${scope}`;
    const previous = this.last.get(key);
    const value = previous === undefined ? this.start : following(previous);
    this.last.set(key, value);
    return value;
  }
}

/**
 * Persists sequences in the runtime's key-value store (`ctx.services.keyValue('edi-control-numbers')`).
 * The store has no atomic increment, so calls for the same key are chained in this process; one runtime owns a namespace.
 */
export class KeyValueControlNumbers implements ControlNumberSource {
  private readonly pending = new Map<string, Promise<number>>();
  constructor(private readonly store: KeyValueStore, private readonly start = 1) {}

  /**
   * formerScopes: keys this sequence was kept under by earlier versions. The first call after an upgrade continues after
   * the highest of them and of the sequence itself, then marks the sequence merged: a number is never handed out twice.
   */
  next(kind: ControlNumberKind, scope: string, formerScopes: readonly string[] = []): Promise<number> {
    const key = `${kind}:${scope}`;
    const previousTurn = this.pending.get(key) ?? Promise.resolve(0);
    const turn = previousTurn.catch(() => 0).then(async () => {
      const previous = await this.previous(kind, key, formerScopes.filter((former) => former !== scope));
      const value = previous === undefined ? this.start : following(previous);
      await this.store.set(key, value);
      return value;
    });
    this.pending.set(key, turn);
    // Drop the chain once it settles so the map does not grow with every partner ever seen.
    void turn.finally(() => { if (this.pending.get(key) === turn) this.pending.delete(key); }).catch(() => undefined);
    return turn;
  }

  private async previous(kind: ControlNumberKind, key: string, formerScopes: readonly string[]): Promise<number | undefined> {
    const stored = await this.store.get<number>(key);
    if (!formerScopes.length || (await this.store.get<boolean>(`${key}#merged`))) return highest([stored]);
    const former = await Promise.all(formerScopes.map((scope) => this.store.get<number>(`${kind}:${scope}`)));
    await this.store.set(`${key}#merged`, true);
    return highest([stored, ...former]);
  }
}

/** A source that continues each sequence after the numbers earlier versions kept under formerScopes (see next()). */
export function continuingFrom(source: KeyValueControlNumbers, formerScopes: readonly string[]): ControlNumberSource {
  return { next: (kind, scope) => source.next(kind, scope, formerScopes) };
}
