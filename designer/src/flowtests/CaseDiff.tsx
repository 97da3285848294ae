// One case's result: every assertion with pass or fail, and for a failure where expected and actual differ, path by path.
import type { AssertionResult, CaseResult } from './flow-test-types';

function shown(value: unknown): string {
  return value === undefined ? '(missing)' : JSON.stringify(value);
}

function AssertionRow({ result }: { result: AssertionResult }) {
  return (
    <li className={result.pass ? 'assertion pass' : 'assertion fail'} aria-label={`Assertion ${result.label}`}>
      <span className="tag">{result.pass ? 'pass' : 'fail'}</span> {result.label}
      {result.error && <p className="error-text small">{result.error}</p>}
      {!result.pass && result.differences.length > 0 && (
        <table className="prop-diff" aria-label={`Differences of ${result.label}`}>
          <thead><tr><th>Path</th><th>Expected</th><th>Actual</th></tr></thead>
          <tbody>
            {result.differences.map((difference) => (
              <tr key={difference.path}>
                <th>{difference.path}</th>
                <td className="expected">{shown(difference.expected)}</td>
                <td className="actual">{shown(difference.actual)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

export function CaseDiff({ result }: { result: CaseResult }) {
  return (
    <div className="case-diff" aria-label={`Result of ${result.name}`}>
      {result.error && <p className="error-text" role="alert">{result.error.path}: {result.error.message}</p>}
      {result.failure && <p className="muted small">Node {result.failure.nodeId} failed: {result.failure.message}</p>}
      <ul className="assertion-list">
        {result.assertions.map((assertion, index) => <AssertionRow key={index} result={assertion} />)}
      </ul>
    </div>
  );
}
