// What an import of several tabs created: each flow with its version, a link to open it, and its warnings.
import type { ImportResult } from '../api/types';

export function ImportedFlowsList({ result }: { result: ImportResult }) {
  return (
    <>
      <h2>Imported {result.flows.length} flows</h2>
      <ul aria-label="Imported flows">
        {result.flows.map((flow) => (
          <li key={flow.id}>
            <a href={`#/flows/${encodeURIComponent(flow.id)}`}>{flow.label || flow.id}</a>
            {' '}{flow.created ? 'created' : 'updated'}, deployed as v{flow.version}
            {flow.warnings?.length ? (
              <ul className="warning-text" aria-label={`Warnings for ${flow.label || flow.id}`}>
                {flow.warnings.map((warning, index) => <li key={index}>{warning.message}</li>)}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
