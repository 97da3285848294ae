// The flow editor: palette, canvas, side panel and toolbar wired to the flow document, runtime API and live overlay.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { applyNodeChanges, useReactFlow, type NodeChange, type OnSelectionChangeParams } from '@xyflow/react';
import { useSession } from '../auth/session';
import { ApiError, errorText } from '../api/client';
import type { DeployResult, NodeCatalogEntry, NodeRedNode } from '../api/types';
import type { Route } from '../util/useHashRoute';
import { useAsync } from '../util/useAsync';
import { EditorContext } from './editor-context';
import { OverlayStore } from './overlay-store';
import { useFlowDocument } from './useFlowDocument';
import { useEditorProblems } from './useEditorProblems';
import { useDisplayEdges } from './useDisplayEdges';
import { serverProblemsByNode } from './validate';
import type { TlNode } from './flow-model';
import { centredOn, freeSpot } from './placement';
import { useUnsavedWork } from './useUnsavedWork';
import { useInjectAction } from './useInjectAction';
import { useCanvasCommands } from './useCanvasCommands';
import { FlowCanvas, type CanvasActions } from './FlowCanvas';
import { Palette } from './Palette';
import { Toolbar } from './Toolbar';
import { SidePanel, type SideTab } from './SidePanel';
import { DeployDialog } from './DeployDialog';
import { FailedNodesBanner } from './FailedNodesBanner';
import { ImportExportDialog } from './ImportExportDialog';
import { PropertyPanel } from '../properties/PropertyPanel';
import { JsonataWorkbench } from '../jsonata/JsonataWorkbench';
import { VersionsPanel } from '../versions/VersionsPanel';
import { TestsPanel } from '../flowtests/TestsPanel';
import { useVersionDiff } from '../versions/useVersionDiff';
import { useLiveOverlay } from '../live/useLiveOverlay';
import { LivePanel } from '../live/LivePanel';
import { useTraceHighlight } from '../traces/useTraceHighlight';
import { TracePanel } from '../traces/TracePanel';
import { useDebugMessages } from '../operations/useDebugMessages';
import { DebugPanel } from '../operations/DebugPanel';

interface FlowEditorProps {
  flowId: string | null;
  traceId?: string;
  catalogList: NodeCatalogEntry[];
  navigate(route: Route): void;
}

/** "Deployed version 3 · serves GET /hooks/orders/status · 1 warning on the canvas": what the deploy changed for callers. */
function deployNotice(result: DeployResult): string {
  const parts = [`Deployed version ${result.version}`];
  const endpoints = result.endpoints ?? [];
  if (endpoints.length) parts.push(`serves ${endpoints.map((endpoint) => `${endpoint.method} ${endpoint.url}`).join(', ')}`);
  const warnings = result.warnings?.length ?? 0;
  if (warnings) parts.push(`${warnings} warning${warnings > 1 ? 's' : ''} on the canvas`);
  if (result.tests?.ran) parts.push(result.tests.forced ? `deployed despite ${result.tests.failed} failing test case${result.tests.failed === 1 ? '' : 's'}` : `${result.tests.passed} test case${result.tests.passed === 1 ? '' : 's'} passed`);
  return parts.join(' · ');
}

type Dialog = null | 'deploy' | 'import' | 'export';
interface JsonataTarget { path: string; value: string; onChange(value: string): void }

const EDIT_COALESCE_MS = 1000;

export function FlowEditor({ flowId, traceId, catalogList, navigate }: FlowEditorProps) {
  const { api, token, canEdit, user } = useSession();
  const { fitView, screenToFlowPosition } = useReactFlow();
  const catalog = useMemo(() => new Map(catalogList.map((n) => [n.type, n])), [catalogList]);
  const overlays = useMemo(() => new OverlayStore(), []);
  const doc = useFlowDocument(catalog);
  const { load, setNodes, markChanged, updateNode } = doc;

  const [version, setVersion] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tab, setTab] = useState<SideTab>(traceId ? 'trace' : 'properties');
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [deploying, setDeploying] = useState(false);
  const [deployError, setDeployError] = useState<string | null>(null);
  const [failingTests, setFailingTests] = useState<string[] | null>(null);
  const [jsonata, setJsonata] = useState<JsonataTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const versions = useAsync(() => (flowId ? api.listVersions(flowId) : Promise.resolve([])), [api, flowId, version]);
  const diff = useVersionDiff(flowId);
  const [diffNodes, setDiffNodes] = useState<TlNode[]>([]);
  useEffect(() => setDiffNodes(diff.active?.canvas.nodes ?? []), [diff.active]);
  const inDiff = diff.active !== null;
  const readOnly = !canEdit || inDiff;

  const revision = useMemo(() => ({}), [doc.nodes, doc.edges, doc.tab]); // eslint-disable-line react-hooks/exhaustive-deps -- a token that changes with the document
  const unsaved = useUnsavedWork({ username: user?.username ?? '', flowId, baseVersion: version, dirty: doc.dirty, enabled: canEdit, exportFlow: doc.exportFlow, revision });
  const { checkForDraft } = unsaved;

  useEffect(() => {
    if (!flowId) {
      load(null, 'New flow');
      checkForDraft(null);
      return;
    }
    api.getFlow(flowId).then(
      (detail) => { load(detail.flow); setVersion(detail.version); setLoadError(null); checkForDraft(detail.version); },
      (err: unknown) => setLoadError(errorText(err)),
    );
  }, [api, flowId, load, checkForDraft]);

  function restoreDraft() {
    if (!unsaved.offered) return;
    load(unsaved.offered.flow);
    doc.setDirty(true);
    unsaved.acceptOffer();
    setNotice('Draft restored: deploy to keep it');
  }

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 4000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const problems = useEditorProblems(doc.nodes, doc.edges, catalog, overlays, !inDiff);
  const nodeIds = useMemo(() => new Set(doc.nodes.map((n) => n.id)), [doc.nodes]);
  const debug = useDebugMessages(flowId);
  const live = useLiveOverlay(token, overlays, nodeIds, { onDebug: debug.onDebug });
  const trace = useTraceHighlight(overlays, doc.edges);
  const { search: searchTrace } = trace;

  const traceRequested = useRef(false);
  useEffect(() => {
    if (traceId && !traceRequested.current && doc.nodes.length) {
      traceRequested.current = true;
      void searchTrace(traceId);
    }
  }, [traceId, doc.nodes.length, searchTrace]);

  useEffect(() => {
    overlays.setLayer('diff', diff.active?.canvas.marks ?? new Map());
  }, [overlays, diff.active]);

  const shownNodes = inDiff ? diffNodes : doc.nodes;
  const shownEdges = useDisplayEdges(inDiff ? diff.active!.canvas.edges : doc.edges, live.activeNodes, trace.tracedEdges, diff.active?.canvas.edgeMarks ?? null);

  const onNodesChange = useCallback((changes: NodeChange<TlNode>[]) => {
    if (inDiff) setDiffNodes((nds) => applyNodeChanges(changes.filter((c) => c.type === 'select' || c.type === 'dimensions'), nds));
    else doc.onNodesChange(changes);
  }, [inDiff, doc]);

  const onSelectionChange = useCallback(({ nodes }: OnSelectionChangeParams) => setSelectedIds(nodes.map((n) => n.id)), []);

  const selectNode = useCallback((nodeId: string) => {
    const select = (nds: TlNode[]) => nds.map((n) => (n.selected === (n.id === nodeId) ? n : { ...n, selected: n.id === nodeId }));
    if (inDiff) setDiffNodes(select);
    else setNodes(select);
    window.requestAnimationFrame(() => void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 }));
  }, [inDiff, setNodes, fitView]);

  const addAtCenter = useCallback((type: string) => {
    const rect = document.querySelector('.canvas-wrap')?.getBoundingClientRect();
    const center = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 400, y: 300 };
    // Enter in the palette adds at the view's centre, or the next free spot from there: never on top of another node.
    doc.addNode(type, freeSpot(centredOn(screenToFlowPosition(center)), doc.occupiedRects()));
  }, [doc, screenToFlowPosition]);

  const commands = useCanvasCommands(doc, setNotice);
  const actions = useMemo<CanvasActions>(() => ({
    onConnect: doc.connect,
    onDropNode: (type, position) => void doc.addNode(type, position),
    beforeChange: markChanged,
    undo: doc.history.undo,
    redo: doc.history.redo,
    copy: () => { const n = doc.copySelection(); if (n) setNotice(`${n} node${n > 1 ? 's' : ''} copied`); },
    paste: () => { const n = doc.paste(); if (n) setNotice(`${n} node${n > 1 ? 's' : ''} pasted`); },
    cut: () => { const n = commands.cut(); if (n) setNotice(`${n} node${n > 1 ? 's' : ''} cut`); },
    selectAll: commands.selectAll,
    deleteSelection: commands.deleteSelection,
    toggleDisabled: () => {
      const n = commands.toggleDisabled();
      if (n) setNotice(`${n} node${n > 1 ? 's' : ''} changed: a disabled node stays in the flow but does not run (deploy to apply)`);
    },
    arrange: commands.arrange,
    revealNode: selectNode,
  }), [doc, markChanged, commands, selectNode]);

  const selectedNode = selectedIds.length === 1 ? shownNodes.find((n) => n.id === selectedIds[0]) ?? null : null;

  const lastEdit = useRef({ id: '', at: 0 });
  const onPropertyChange = useCallback((patch: { name?: string; config?: Record<string, unknown> }) => {
    if (!selectedNode) return;
    const now = Date.now();
    // One undo step per burst of typing in the same node, not one per keystroke.
    if (lastEdit.current.id !== selectedNode.id || now - lastEdit.current.at > EDIT_COALESCE_MS) markChanged();
    lastEdit.current = { id: selectedNode.id, at: now };
    updateNode(selectedNode.id, patch);
  }, [selectedNode, markChanged, updateNode]);

  const fieldContext = useMemo(() => ({
    openJsonata: (path: string, value: string, onChange: (value: string) => void) => setJsonata({ path, value, onChange }),
  }), []);

  async function deploy(message: string, forceTests: boolean) {
    setDeploying(true);
    setDeployError(null);
    setFailingTests(null);
    problems.setServerProblems(new Map());
    const flow = doc.exportFlow();
    try {
      const result = flowId ? await api.deployFlow(flowId, flow, message || undefined, version ?? undefined, forceTests) : await api.createFlow(flow, message || undefined);
      doc.setDirty(false);
      unsaved.settle(version);
      setDialog(null);
      setVersion(result.version);
      // Warnings did not stop the deploy (an endpoint anyone can call): keep them on their nodes until the next deploy.
      problems.setServerProblems(serverProblemsByNode(result.warnings ?? [], 'warning').byNode);
      setNotice(deployNotice(result));
      if (!flowId) navigate({ view: 'flow', flowId: result.id });
    } catch (err) {
      const blockedBy = err instanceof ApiError ? (err.body as { failingTests?: string[] } | undefined)?.failingTests : undefined;
      if (blockedBy) setFailingTests(blockedBy);
      if (err instanceof ApiError && err.details.length) {
        const mapped = serverProblemsByNode(err.details);
        problems.setServerProblems(mapped.byNode);
        setDeployError(`${err.message}${mapped.global.length ? `: ${mapped.global.join('; ')}` : ''}${mapped.byNode.size ? ` (${mapped.byNode.size} node${mapped.byNode.size > 1 ? 's' : ''} marked on the canvas)` : ''}`);
      } else {
        setDeployError(errorText(err));
      }
    } finally {
      setDeploying(false);
    }
  }

  async function rollback(n: number) {
    if (!flowId) return;
    if (doc.dirty && !window.confirm('Discard unsaved changes and roll back?')) return;
    try {
      const result = await api.rollback(flowId, n, `Rollback to v${n}`, version ?? undefined);
      const detail = await api.getFlow(flowId);
      diff.exit();
      unsaved.settle(version);
      load(detail.flow);
      setVersion(detail.version ?? result.version);
      setNotice(`Rolled back to v${n} (now v${detail.version ?? result.version})`);
    } catch (err) {
      setNotice(`Rollback failed: ${errorText(err)}`);
    }
  }

  function onImport(flow: NodeRedNode[]) {
    const n = doc.importFlow(flow);
    setDialog(null);
    setNotice(`Imported ${n} node${n === 1 ? '' : 's'}`);
    window.requestAnimationFrame(() => void fitView({ padding: 0.15 }));
  }

  /** Nodes whose schema has a `samples` array keep their preview samples in the flow itself. */
  const storesSamples = (node: TlNode) => catalog.get(node.data.nodeType)?.configSchema.properties?.samples?.type === 'array';

  const minimapColor = useCallback((node: TlNode) => catalog.get(node.data.nodeType)?.color ?? '#9aa4b5', [catalog]);

  const injectNode = useInjectAction({ api, flowId, version, dirty: doc.dirty, notify: setNotice });
  const contextValue = useMemo(() => ({ catalog, overlays, injectNode: readOnly ? undefined : injectNode }), [catalog, overlays, injectNode, readOnly]);
  const label = String(doc.tab.label ?? '');
  void live.recentVersion; // re-render when recent messages change

  if (loadError) return <main className="page"><p role="alert" className="error-text">Could not load flow: {loadError}</p></main>;

  return (
    <EditorContext.Provider value={contextValue}>
      <div className="editor">
        <Toolbar
          label={label} onLabelChange={doc.setLabel} version={version} dirty={doc.dirty} readOnly={readOnly}
          canUndo={doc.history.canUndo} canRedo={doc.history.canRedo}
          errorCount={problems.errors} warningCount={problems.warnings}
          onUndo={doc.history.undo} onRedo={doc.history.redo} onCopy={actions.copy} onPaste={actions.paste}
          onDelete={commands.deleteSelection} onArrange={commands.arrange}
          onFit={() => void fitView({ padding: 0.15, duration: 300 })}
          onImport={() => setDialog('import')} onExport={() => setDialog('export')}
          onDeploy={() => { setDeployError(null); setFailingTests(null); setDialog('deploy'); }} canDeploy={canEdit}
        />
        {inDiff && (
          <div className="diff-banner" role="status">
            Comparing v{diff.active!.from} → v{diff.active!.to} (read-only). <span className="legend added">added</span> <span className="legend removed">removed</span> <span className="legend changed">changed</span>
            <button type="button" onClick={diff.exit}>Exit diff</button>
          </div>
        )}
        {unsaved.offered && (
          <div className="draft-banner" role="status" aria-label="Unsaved draft">
            You have an undeployed draft of this flow from {new Date(unsaved.offered.savedAt).toLocaleString()} ({unsaved.offered.flow.filter((n) => n.type !== 'tab').length} nodes).
            <button type="button" className="primary" onClick={restoreDraft}>Restore draft</button>
            <button type="button" onClick={unsaved.dismissOffer}>Discard draft</button>
          </div>
        )}
        {flowId && <FailedNodesBanner flowId={flowId} version={version} />}
        <div className="editor-body">
          <Palette nodes={catalogList} onAdd={addAtCenter} disabled={readOnly} />
          <FlowCanvas
            nodes={shownNodes} edges={shownEdges} readOnly={readOnly}
            onNodesChange={onNodesChange} onEdgesChange={inDiff ? () => {} : doc.onEdgesChange}
            onSelectionChange={onSelectionChange} actions={actions} nodeColor={minimapColor} openKey={doc.loadCount}
          />
          <SidePanel tab={tab} onTab={setTab}>
            {tab === 'properties' && (
              <PropertyPanel node={selectedNode} selectedCount={selectedIds.length} descriptor={selectedNode ? catalog.get(selectedNode.data.nodeType) : undefined}
                problems={selectedNode ? problems.problems.get(selectedNode.id) ?? [] : []} readOnly={readOnly} onChange={onPropertyChange} fieldContext={fieldContext} />
            )}
            {tab === 'versions' && (
              <VersionsPanel versions={versions.data ?? []} currentVersion={version} canRollback={canEdit} diff={diff.active} diffError={diff.error}
                onCompare={(a, b) => void diff.compare(a, b)} onExitDiff={diff.exit} onRollback={(n) => void rollback(n)} onSelectNode={selectNode} />
            )}
            {tab === 'tests' && <TestsPanel flowId={flowId} version={version} canEdit={canEdit && !inDiff} exportFlow={doc.exportFlow} />}
            {tab === 'live' && (
              <LivePanel connected={live.connected} node={selectedNode} events={selectedNode ? live.recentFor(selectedNode.id) : []}
                onOpenTrace={(id) => { setTab('trace'); void trace.search(id); }} />
            )}
            {tab === 'trace' && <TracePanel highlight={trace} onSelectNode={selectNode} />}
            {tab === 'debug' && (
              <DebugPanel debug={debug} connected={live.connected} onSelectNode={selectNode} onOpenTrace={(id) => { setTab('trace'); void trace.search(id); }} />
            )}
          </SidePanel>
        </div>
        {notice && <div className="toast" role="status" aria-label="Notice">{notice}</div>}
        {dialog === 'deploy' && (
          <DeployDialog errorCount={problems.errors} busy={deploying} serverError={deployError} failingTests={failingTests} onDeploy={(m, force) => void deploy(m, force)} onCancel={() => setDialog(null)} />
        )}
        {(dialog === 'import' || dialog === 'export') && (
          <ImportExportDialog mode={dialog} exported={dialog === 'export' ? doc.exportFlow() : []} fileName={`${label || 'flow'}.json`}
            onImport={onImport} onImportFlows={(flow) => api.importFlows(flow, 'Imported from a Node-RED export')} onClose={() => setDialog(null)} />
        )}
        {jsonata && selectedNode && (
          <JsonataWorkbench
            title={`${selectedNode.data.name || selectedNode.data.nodeType} · ${jsonata.path}`}
            sampleKey={`${flowId ?? 'new'}:${selectedNode.id}:${jsonata.path}`}
            initialExpression={jsonata.value} readOnly={readOnly}
            nodeSamples={storesSamples(selectedNode) ? (selectedNode.data.config.samples as unknown[] | undefined) ?? [] : undefined}
            onApply={(expression, samples) => {
              if (storesSamples(selectedNode) && !/[.[]/.test(jsonata.path)) {
                onPropertyChange({ config: { ...selectedNode.data.config, [jsonata.path]: expression, samples } });
              } else {
                jsonata.onChange(expression);
              }
              setJsonata(null);
            }}
            onClose={() => setJsonata(null)}
          />
        )}
      </div>
    </EditorContext.Provider>
  );
}
