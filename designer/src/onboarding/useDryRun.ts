// The dry-run step's state: entry, test document (the example, adapted to the entered parameters until edited), and the run.
import { useCallback, useMemo, useState } from 'react';
import { errorText, type ApiClient } from '../api/client';
import type { DryRunReport, PlanBody, TemplateDetail } from '../api/template-types';
import { adaptDocument, exampleDocumentText } from './wizard-defaults';

export interface DryRunState {
  entry: string;
  document: string;
  report: DryRunReport | null;
  running: boolean;
  error: string | null;
  setEntry(entry: string): void;
  setDocument(text: string): void;
  run(): Promise<void>;
}

export function useDryRun(api: ApiClient, template: TemplateDetail, body: PlanBody): DryRunState {
  const [entry, setEntryState] = useState(() => template.entries[0]?.node ?? '');
  const [edited, setEdited] = useState<string | null>(null);
  const [report, setReport] = useState<DryRunReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const contentType = template.entries.find((e) => e.node === entry)?.contentType ?? 'json';

  const suggested = useMemo(
    () => adaptDocument(exampleDocumentText(template, entry), template, body.partnerId, body.params, contentType === 'x12'),
    [template, entry, body.partnerId, body.params, contentType],
  );
  const document = edited ?? suggested;

  const setEntry = useCallback((next: string) => {
    setEntryState(next);
    setEdited(null);
    setReport(null);
  }, []);

  const setDocument = useCallback((text: string) => setEdited((current) => (current === null && text === suggested ? null : text)), [suggested]);

  const run = useCallback(async () => {
    setError(null);
    let parsed: unknown = document;
    if (contentType === 'json') {
      try {
        parsed = JSON.parse(document);
      } catch (err) {
        setError(`The test document is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    setRunning(true);
    try {
      setReport(await api.dryRun(template.id, { ...body, document: parsed, entry }));
    } catch (err) {
      setReport(null);
      setError(errorText(err));
    } finally {
      setRunning(false);
    }
  }, [api, template.id, body, document, entry, contentType]);

  return { entry, document, report, running, error, setEntry, setDocument, run };
}
