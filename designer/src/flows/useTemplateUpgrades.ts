// Which listed flows have a newer template version: one GET /api/templates/:id/upgrades per template the flows were made from.
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import type { UpgradeCandidate } from '../api/template-types';
import type { FlowSummary } from '../api/types';

export interface TemplateUpgrades {
  byFlow: ReadonlyMap<string, UpgradeCandidate>;
  reload(): void;
}

/** "supplier-x12@1" -> "supplier-x12". */
export function templateIdOf(label: string | undefined): string | null {
  const at = label?.lastIndexOf('@') ?? -1;
  return label && at > 0 ? label.slice(0, at) : null;
}

export function useTemplateUpgrades(api: ApiClient, flows: FlowSummary[] | undefined): TemplateUpgrades {
  const [byFlow, setByFlow] = useState<ReadonlyMap<string, UpgradeCandidate>>(new Map());
  const [tick, setTick] = useState(0);
  // Only a change in which flows use which template version warrants asking again, not every list refresh.
  const key = (flows ?? []).filter((f) => f.template).map((f) => `${f.id}=${f.template}`).sort().join('|');

  useEffect(() => {
    const ids = [...new Set(key.split('|').map((entry) => templateIdOf(entry.split('=')[1])).filter((id): id is string => id !== null))];
    if (!ids.length) {
      setByFlow(new Map());
      return;
    }
    let cancelled = false;
    // A template that is gone or broken simply offers no upgrade.
    void Promise.all(ids.map((id) => api.templateUpgrades(id).catch(() => ({ latestVersion: 0, flows: [] as UpgradeCandidate[] })))).then((answers) => {
      if (cancelled) return;
      setByFlow(new Map(answers.flatMap((answer) => answer.flows.map((candidate) => [candidate.flowId, candidate] as const))));
    });
    return () => { cancelled = true; };
  }, [api, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { byFlow, reload };
}
