// State of the Tests tab: the flow's stored cases, the last run's results per case, and the actions (create from dry run, run, remove, gate switch).
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/client';
import { useSession } from '../auth/session';
import type { NodeRedNode } from '../api/types';
import type { CaseResult, StoredSuite, TestCase, TestInput } from './flow-test-types';

export interface FlowTests {
  suite: StoredSuite | null;
  results: Map<string, CaseResult>;
  busy: boolean;
  error: string | null;
  run(): Promise<void>;
  createFromDryRun(name: string, input: TestInput): Promise<boolean>;
  remove(name: string): Promise<void>;
  setRunBeforeDeploy(on: boolean): Promise<void>;
}

/** exportFlow gives the editor's current content: an editor tests what is on the canvas, not only what is deployed. */
export function useFlowTests(flowId: string | null, version: number | null, exportFlow: (() => NodeRedNode[]) | null): FlowTests {
  const { api } = useSession();
  const [suite, setSuite] = useState<StoredSuite | null>(null);
  const [results, setResults] = useState(new Map<string, CaseResult>());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!flowId) return;
    api.flowTests(flowId).then(setSuite, (err: unknown) => setError(errorText(err)));
  }, [api, flowId, version]);

  const act = useCallback(async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const save = useCallback(async (cases: TestCase[], runBeforeDeploy: boolean) => {
    if (!flowId) return;
    setSuite(await api.saveFlowTests(flowId, { runBeforeDeploy, cases }));
  }, [api, flowId]);

  return {
    suite, results, busy, error,
    run: async () => { await act(async () => {
      if (!flowId) return;
      const result = await api.runFlowTests(flowId, exportFlow?.());
      setResults(new Map(result.cases.map((testCase) => [testCase.name, testCase])));
    }); },
    createFromDryRun: (name, input) => act(async () => {
      if (!flowId) return;
      const made = await api.flowTestFromDryRun(flowId, { name, input, ...(exportFlow ? { flow: exportFlow() } : {}) });
      setSuite((current) => current && { ...current, cases: [...current.cases, made.testCase] });
      setResults((current) => new Map(current).set(name, made.result));
    }),
    remove: async (name) => { await act(() => save((suite?.cases ?? []).filter((testCase) => testCase.name !== name), suite?.runBeforeDeploy ?? false)); },
    // Shown at once (a checkbox must follow the click); the saved suite from the answer replaces it.
    setRunBeforeDeploy: async (on) => {
      setSuite((current) => current && { ...current, runBeforeDeploy: on });
      await act(() => save(suite?.cases ?? [], on));
    },
  };
}
