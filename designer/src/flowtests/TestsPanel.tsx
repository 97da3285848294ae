// Tests tab: the flow's test cases with their last result, "create from dry run", run all, per-case diff, and the "run tests before deploy" switch.
import { useState } from 'react';
import type { NodeRedNode } from '../api/types';
import { CaseDiff } from './CaseDiff';
import { CreateCaseForm, type EntryNode } from './CreateCaseForm';
import { useFlowTests } from './useFlowTests';
import type { CaseResult } from './flow-test-types';
import './tests-panel.css';

interface TestsPanelProps {
  flowId: string | null;
  version: number | null;
  canEdit: boolean;
  exportFlow(): NodeRedNode[];
}

/** Nodes with an input: a message can be sent into any of them. */
function entryNodes(flow: NodeRedNode[]): EntryNode[] {
  return flow.filter((node) => node.type !== 'tab' && typeof node.x === 'number' && Array.isArray(node.wires) && !['tl-intake', 'http in', 'inject', 'comment'].includes(node.type))
    .map((node) => ({ id: node.id, label: typeof node.name === 'string' && node.name ? node.name : `${node.type} ${node.id}` }));
}

function statusOf(result: CaseResult | undefined): string {
  if (!result) return 'not run';
  return result.pass ? 'passed' : 'failed';
}

export function TestsPanel({ flowId, version, canEdit, exportFlow }: TestsPanelProps) {
  const tests = useFlowTests(flowId, version, canEdit ? exportFlow : null);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  if (!flowId) return <p className="muted small">Deploy the flow once to attach test cases to it.</p>;
  const cases = tests.suite?.cases ?? [];
  const ran = [...tests.results.values()];
  return (
    <section className="tests-panel" aria-label="Tests">
      <p className="muted small">Cases run on a copy of {canEdit ? 'the flow on the canvas' : 'the deployed flow'}; ERP posts, webhooks and files are stubbed, never sent.</p>
      <div className="tests-actions">
        <button type="button" className="primary" disabled={tests.busy || !cases.length} onClick={() => void tests.run()} aria-label="Run tests">{tests.busy ? 'Running…' : 'Run tests'}</button>
        {canEdit && <button type="button" disabled={tests.busy} onClick={() => setCreating(true)}>Create from dry run</button>}
      </div>
      {canEdit && (
        <label className="check-row">
          <input type="checkbox" aria-label="Run tests before deploy" checked={tests.suite?.runBeforeDeploy ?? false} disabled={tests.busy} onChange={(e) => void tests.setRunBeforeDeploy(e.target.checked)} />
          Run tests before deploy (a failing case blocks it)
        </label>
      )}
      {tests.error && <p role="alert" className="error-text">{tests.error}</p>}
      {creating && <CreateCaseForm busy={tests.busy} nodes={entryNodes(exportFlow())} onCreate={tests.createFromDryRun} onCancel={() => setCreating(false)} />}
      {ran.length > 0 && <p role="status" aria-label="Test summary">{ran.filter((r) => r.pass).length} passed, {ran.filter((r) => !r.pass).length} failed</p>}
      {!cases.length && !creating && <p className="muted small">No test cases yet.</p>}
      <ul className="case-list" aria-label="Test cases">
        {cases.map((testCase) => {
          const result = tests.results.get(testCase.name);
          return (
            <li key={testCase.name} data-status={statusOf(result)} aria-label={`Test case ${testCase.name}`}>
              <button type="button" className="link-button" aria-expanded={open === testCase.name} onClick={() => setOpen(open === testCase.name ? null : testCase.name)}>{testCase.name}</button>
              <span className={`tag ${statusOf(result).replace(' ', '-')}`}>{statusOf(result)}</span>
              <span className="muted small"> {testCase.assertions.length} assertion{testCase.assertions.length === 1 ? '' : 's'}</span>
              {canEdit && <button type="button" aria-label={`Delete test case ${testCase.name}`} disabled={tests.busy} onClick={() => void tests.remove(testCase.name)}>Delete</button>}
              {result && (open === testCase.name || !result.pass) && <CaseDiff result={result} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
