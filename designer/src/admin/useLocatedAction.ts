// Runs one server action at a time and keeps its refusal, located by field, for the form or row that started it.
import { useState } from 'react';
import { locateErrors, type LocatedErrors } from './form-errors';

export interface LocatedAction {
  busy: string | null;
  /** The last refusal and the action it belongs to. */
  failure: { action: string; errors: LocatedErrors } | null;
  /** Resolves true when `work` succeeded. */
  run(action: string, work: () => Promise<unknown>): Promise<boolean>;
  clear(): void;
}

export function useLocatedAction(): LocatedAction {
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<LocatedAction['failure']>(null);

  async function run(action: string, work: () => Promise<unknown>): Promise<boolean> {
    setBusy(action);
    setFailure(null);
    try {
      await work();
      return true;
    } catch (error) {
      setFailure({ action, errors: locateErrors(error) });
      return false;
    } finally {
      setBusy(null);
    }
  }

  return { busy, failure, run, clear: () => setFailure(null) };
}

/** The refusal's text for one action, preferring the message located at `field` when the server located it there. */
export function actionError(action: LocatedAction, name: string, field?: string): string | undefined {
  if (action.failure?.action !== name) return undefined;
  const { fields, message } = action.failure.errors;
  const located = field ? fields[field] : undefined;
  return located ? `${message}: ${located}` : Object.keys(fields).length ? `${message}: ${Object.values(fields).join('; ')}` : message;
}
