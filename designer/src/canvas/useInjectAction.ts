// The inject button's action: fire the deployed inject node through the API and say what ran, as a notice.
import { useCallback } from 'react';
import type { ApiClient } from '../api/client';
import { errorText } from '../api/client';

interface InjectActionOptions {
  api: ApiClient;
  flowId: string | null;
  version: number | null;
  dirty: boolean;
  notify(text: string): void;
}

/**
 * Undefined when there is nothing deployed to fire. The notice names the deployed version because the runtime runs
 * that one: with unsaved changes on the canvas, the analyst must not think the edited node ran.
 */
export function useInjectAction({ api, flowId, version, dirty, notify }: InjectActionOptions): ((nodeId: string, title: string) => void) | undefined {
  const inject = useCallback((nodeId: string, title: string) => {
    if (!flowId) return;
    api.injectNode(flowId, nodeId).then(
      () => notify(`Injected "${title}" (deployed v${version ?? '?'}${dirty ? '; your unsaved changes are not included' : ''})`),
      (err: unknown) => notify(`Inject failed: ${errorText(err)}`),
    );
  }, [api, flowId, version, dirty, notify]);
  return flowId && version ? inject : undefined;
}
