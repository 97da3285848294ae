// Evaluates an expression against every sample through POST /api/jsonata/evaluate, debounced while typing.
import { useEffect, useState } from 'react';
import { useSession } from '../auth/session';
import { errorText } from '../api/client';
import type { JsonataEngineInfo, JsonataResult } from '../api/types';

const DEBOUNCE_MS = 300;

export type SampleInput = { ok: true; value: unknown } | { ok: false; error: string };

export function parseSample(text: string): SampleInput {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export interface PreviewState {
  results: (JsonataResult | { ok: false; error: { message: string }; sampleError: true })[];
  requestError: string | null;
  pending: boolean;
  /** The engine a node would run the expression on (from the preview API; absent for a syntax error). */
  engine?: JsonataEngineInfo;
}

export function useJsonataPreview(expression: string, samples: string[]): PreviewState {
  const { api } = useSession();
  const [state, setState] = useState<PreviewState>({ results: [], requestError: null, pending: false });

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, pending: true }));
    const timer = window.setTimeout(async () => {
      const parsed = samples.map(parseSample);
      const valid = parsed.flatMap((p, i) => (p.ok ? [{ index: i, value: p.value }] : []));
      try {
        const answer = valid.length ? await api.previewJsonata(expression, valid.map((v) => v.value)) : { results: [] as JsonataResult[], engine: undefined };
        const evaluated = answer.results;
        if (cancelled) return;
        const results: PreviewState['results'] = parsed.map((p) =>
          p.ok ? { ok: false, error: { message: 'no result' } } : { ok: false, error: { message: `sample is not valid JSON: ${p.error}` }, sampleError: true });
        valid.forEach((v, k) => { if (evaluated[k]) results[v.index] = evaluated[k]; });
        setState({ results, requestError: null, pending: false, ...(answer.engine ? { engine: answer.engine } : {}) });
      } catch (err) {
        if (!cancelled) setState({ results: [], requestError: errorText(err), pending: false });
      }
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [api, expression, samples]);

  return state;
}
