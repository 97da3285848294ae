// Validates the wizard's parameters with POST /api/templates/:id/validate: on demand (Next), and again as the analyst
// types once problems are showing, a CSV is being entered or a partner id typed (a taken id shows at once).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { PlanBody } from '../api/template-types';
import type { Problem } from '../api/types';

const DEBOUNCE_MS = 400;

export interface ParamValidation {
  problems: Problem[];
  /** Whether the analyst asked to go on at least once: then every problem is shown, not only CSV ones. */
  submitted: boolean;
  /** Validates now; resolves to the problems (empty when the parameters are fine). */
  check(): Promise<Problem[]>;
  setProblems(problems: Problem[]): void;
}

export function useParamValidation(api: ApiClient, templateId: string, body: PlanBody, csvParams: readonly string[]): ParamValidation {
  const [problems, setProblems] = useState<Problem[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const latest = useRef(0);

  const run = useCallback(async (request: PlanBody) => {
    const ticket = ++latest.current;
    const answer = await api.validateTemplateParams(templateId, request);
    // Answers can overtake each other; only the newest request's answer counts.
    if (ticket === latest.current) setProblems(answer.problems);
    return answer.problems;
  }, [api, templateId]);

  const hasCsv = csvParams.some((name) => typeof body.params[name] === 'string');
  const hasPartnerId = body.partnerId !== '';
  useEffect(() => {
    if (!submitted && !hasCsv && !hasPartnerId) return;
    const timer = window.setTimeout(() => void run(body).catch(() => undefined), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [body, submitted, hasCsv, hasPartnerId, run]);

  const check = useCallback(async () => {
    setSubmitted(true);
    return run(body);
  }, [body, run]);

  // Before the first Next, only what the analyst is typing is judged: the CSVs and the partner id, not fields not reached yet.
  const typing = (path: string | undefined) => path === '$.partnerId' || csvParams.some((name) => path === `$.params.${name}`);
  const shown = submitted ? problems : problems.filter((p) => typing(p.path) && (p.path !== '$.partnerId' || hasPartnerId));
  return { problems: shown, submitted, check, setProblems };
}
