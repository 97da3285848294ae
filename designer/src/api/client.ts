// Typed fetch wrapper for the runtime API: adds the bearer token, turns error bodies into ApiError.
import type {
  AuditFilter, AuditPage, ManagedUser, UserChanges, Role,
  DeadLetter, DeadLetterFilter, DeletedFlow, DeadLetterSummary, DeployResult, FlowDetail, ImportResult, FlowDiff, FlowSummary, JsonataEngineInfo, JsonataResult, LoginResponse,
  NodeCatalogEntry, NodeRedNode, Problem, TraceDetail, TraceSummary, User, ValidationResult, VersionDetail, VersionSummary,
} from './types';
import type {
  BrokenTemplate, DryRunReport, InstancePreview, InstantiateResult, PlanBody, TemplateDetail, TemplateSummary, UpgradeCandidate, UpgradeReport,
  UpgradeResolution,
} from './template-types';
import type { Partner, RotatedCredential } from './partner-types';
import type { XrefSummary, XrefTable, XrefVersion } from './xref-types';
import type { CaseResult, StoredSuite, SuiteResult, TestCase, TestInput } from '../flowtests/flow-test-types';

export class ApiError extends Error {
  /** `body` is the parsed error answer, for routes that explain a refusal in more than details (upgrade conflicts). */
  constructor(readonly status: number, message: string, readonly details: Problem[] = [], readonly body?: unknown) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class ApiClient {
  constructor(private readonly token: string | null, private readonly onUnauthorized: () => void = () => {}) {}

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (response.status === 401 && this.token) this.onUnauthorized();
      const errorBody = (parsed ?? {}) as { error?: string; message?: string; details?: Problem[] };
      throw new ApiError(response.status, errorBody.error ?? errorBody.message ?? `${response.status} ${response.statusText}`, errorBody.details ?? [], parsed);
    }
    return parsed as T;
  }

  login(username: string, password: string) {
    return this.request<LoginResponse>('POST', '/api/auth/login', { username, password });
  }
  /** Revokes this token on the server (refused from now on, also after a restart). */
  logout() {
    return this.request<{ loggedOut: boolean }>('POST', '/api/auth/logout');
  }
  me() {
    return this.request<User>('GET', '/api/auth/me');
  }
  /** Changes the caller's own password; the server revokes the caller's other tokens and answers with a new one for this session. */
  changeOwnPassword(currentPassword: string, newPassword: string) {
    return this.request<{ token: string }>('POST', '/api/auth/password', { currentPassword, newPassword });
  }
  listUsers() {
    return this.request<{ users: ManagedUser[] }>('GET', '/api/users').then((r) => r.users);
  }
  createUser(username: string, password: string, role: Role) {
    return this.request<ManagedUser>('POST', '/api/users', { username, password, role });
  }
  updateUser(username: string, changes: UserChanges) {
    return this.request<{ user: ManagedUser }>('PUT', `/api/users/${enc(username)}`, changes).then((r) => r.user);
  }
  resetPassword(username: string, password: string) {
    return this.request<{ reset: boolean }>('POST', `/api/users/${enc(username)}/password`, { password });
  }
  deleteUser(username: string) {
    return this.request<{ removed: boolean }>('DELETE', `/api/users/${enc(username)}`);
  }
  /** One page of the audit log, newest first; pass the previous page's nextCursor for older entries. */
  listAudit(filter: AuditFilter, cursor?: string, limit = 50) {
    const query = new URLSearchParams({ ...toQuery(filter), limit: String(limit), ...(cursor ? { cursor } : {}) });
    return this.request<AuditPage>('GET', `/api/audit?${query.toString()}`);
  }
  listFlows() {
    return this.request<{ flows: FlowSummary[] }>('GET', '/api/flows').then((r) => r.flows);
  }
  getFlow(id: string) {
    return this.request<FlowDetail>('GET', `/api/flows/${enc(id)}`);
  }
  createFlow(flow: NodeRedNode[], message?: string) {
    return this.request<DeployResult>('POST', '/api/flows', { flow, message });
  }
  /** `baseVersion`: the version the edit started from; the server answers 409 when someone deployed since. */
  /** forceTests deploys although the flow's test cases fail (when it runs them before deploy); the server audits it. */
  deployFlow(id: string, flow: NodeRedNode[], message?: string, baseVersion?: number, forceTests?: boolean) {
    return this.request<DeployResult>('PUT', `/api/flows/${enc(id)}`, { flow, message, ...(baseVersion ? { baseVersion } : {}), ...(forceTests ? { forceTests } : {}) });
  }
  flowTests(id: string) {
    return this.request<StoredSuite>('GET', `/api/flows/${enc(id)}/tests`);
  }
  saveFlowTests(id: string, suite: { runBeforeDeploy: boolean; cases: TestCase[] }) {
    return this.request<StoredSuite>('PUT', `/api/flows/${enc(id)}/tests`, suite);
  }
  /** flow: the editor's content to run instead of the deployed version. */
  runFlowTests(id: string, flow?: NodeRedNode[]) {
    return this.request<SuiteResult>('POST', `/api/flows/${enc(id)}/tests/run`, flow ? { flow } : {});
  }
  flowTestFromDryRun(id: string, body: { name: string; input: TestInput; flow?: NodeRedNode[] }) {
    return this.request<{ version: number; testCase: TestCase; result: CaseResult }>('POST', `/api/flows/${enc(id)}/tests/from-dry-run`, body);
  }
  /** A Node-RED export of several tabs: one flow per tab, each deployed (POST /api/flows/import). */
  importFlows(flow: NodeRedNode[], message?: string) {
    return this.request<ImportResult>('POST', '/api/flows/import', { flow, ...(message ? { message } : {}) });
  }
  deleteFlow(id: string) {
    return this.request<unknown>('DELETE', `/api/flows/${enc(id)}`);
  }
  listXrefTables() {
    return this.request<{ tables: XrefSummary[] }>('GET', '/api/xref').then((r) => r.tables);
  }
  listXrefVersions(name: string) {
    return this.request<{ versions: XrefVersion[] }>('GET', `/api/xref/${enc(name)}/versions`).then((r) => r.versions);
  }
  getXrefVersion(name: string, version: number) {
    return this.request<XrefTable>('GET', `/api/xref/${enc(name)}/versions/${version}`);
  }
  /** The table as CSV text (GET /api/xref/:name/csv), for a download. */
  async exportXrefCsv(name: string): Promise<string> {
    const response = await fetch(`/api/xref/${enc(name)}/csv`, { headers: this.token ? { Authorization: `Bearer ${this.token}` } : {} });
    if (!response.ok) throw new ApiError(response.status, `CSV export failed (${response.status})`);
    return response.text();
  }
  /** Replaces the table's rows as a new version (the store keeps every version). */
  putXrefTable(name: string, table: Pick<XrefTable, 'keyColumn' | 'columns' | 'rows'>) {
    return this.request<XrefSummary>('PUT', `/api/xref/${enc(name)}`, table);
  }
  listPartners() {
    return this.request<{ partners: Partner[] }>('GET', '/api/partners').then((r) => r.partners);
  }
  /** Replaces a partner's settings (PUT /api/partners/:id); status 'suspended' refuses it at intake. */
  updatePartner(id: string, settings: Record<string, unknown>) {
    return this.request<Partner>('PUT', `/api/partners/${enc(id)}`, settings);
  }
  rotatePartnerKey(id: string, credential: 'auth' | 'webhook' = 'auth') {
    return this.request<RotatedCredential>('POST', `/api/partners/${enc(id)}/rotate-key`, { credential });
  }
  /** Deleted flows with their last version; their history stays readable through listVersions/getVersion. */
  listDeletedFlows() {
    return this.request<{ flows: DeletedFlow[] }>('GET', '/api/deleted-flows').then((r) => r.flows);
  }
  validateFlow(flow: NodeRedNode[]) {
    return this.request<ValidationResult>('POST', '/api/flows/validate', { flow });
  }
  listVersions(id: string) {
    return this.request<{ versions: VersionSummary[] }>('GET', `/api/flows/${enc(id)}/versions`).then((r) => r.versions);
  }
  getVersion(id: string, n: number) {
    return this.request<VersionDetail>('GET', `/api/flows/${enc(id)}/versions/${n}`);
  }
  diff(id: string, from: number, to: number) {
    return this.request<FlowDiff>('GET', `/api/flows/${enc(id)}/diff?from=${from}&to=${to}`);
  }
  rollback(id: string, version: number, message?: string, baseVersion?: number) {
    return this.request<DeployResult>('POST', `/api/flows/${enc(id)}/rollback`, { version, message, ...(baseVersion ? { baseVersion } : {}) });
  }
  /** Fires a deployed inject node once with its configured properties (the deployed version, not unsaved edits). */
  injectNode(flowId: string, nodeId: string) {
    return this.request<{ flowId: string; nodeId: string; injected: boolean }>('POST', `/api/flows/${enc(flowId)}/nodes/${enc(nodeId)}/inject`, {});
  }
  listNodes() {
    return this.request<{ nodes: NodeCatalogEntry[] }>('GET', '/api/nodes').then((r) => r.nodes);
  }
  evaluateJsonata(expression: string, samples: unknown[]) {
    return this.request<{ results: JsonataResult[] }>('POST', '/api/jsonata/evaluate', { expression, samples }).then((r) => r.results);
  }
  /** The same preview with the engine the expression runs on in a node. */
  previewJsonata(expression: string, samples: unknown[]) {
    return this.request<{ results: JsonataResult[]; engine?: JsonataEngineInfo }>('POST', '/api/jsonata/evaluate', { expression, samples });
  }
  listTraces(limit = 25) {
    return this.request<{ traces: TraceSummary[] }>('GET', `/api/traces?limit=${limit}`).then((r) => r.traces);
  }
  getTrace(correlationId: string) {
    return this.request<TraceDetail>('GET', `/api/traces/${enc(correlationId)}`);
  }
  listDeadLetters(filter: DeadLetterFilter) {
    const query = new URLSearchParams(Object.entries(toQuery(filter)));
    return this.request<{ deadLetters?: DeadLetterSummary[]; items?: DeadLetterSummary[] }>('GET', `/api/deadletters?${query.toString()}`)
      .then((r) => r.deadLetters ?? r.items ?? []);
  }
  getDeadLetter(id: string) {
    return this.request<DeadLetter>('GET', `/api/deadletters/${enc(id)}`);
  }
  updateDeadLetterPayload(id: string, payload: unknown) {
    return this.request<unknown>('PUT', `/api/deadletters/${enc(id)}/payload`, { payload });
  }
  replayDeadLetter(id: string, options: { nodeId?: string; version?: 'current' | 'original'; reason?: string } = {}) {
    return this.request<{ correlationId: string }>('POST', `/api/deadletters/${enc(id)}/replay`, options);
  }
  /** How many dead letters are open, replayed and discarded (the nav badge). */
  deadLetterCounts() {
    return this.request<{ open: number; replayed: number; discarded: number }>('GET', '/api/deadletters/counts');
  }
  discardDeadLetter(id: string) {
    return this.request<unknown>('DELETE', `/api/deadletters/${enc(id)}`);
  }
  /** Replays every open dead letter matching the filter; resolves to how many were replayed and how many failed. */
  bulkReplay(filter: DeadLetterFilter) {
    const { status: _status, ...rest } = filter;
    return this.request<{ replayed: number | unknown[]; failed?: unknown[] }>('POST', '/api/deadletters/replay', { filter: toQuery(rest) })
      .then((r) => ({ replayed: Array.isArray(r.replayed) ? r.replayed.length : r.replayed, failed: r.failed?.length ?? 0 }));
  }
  listTemplates() {
    return this.request<{ templates: TemplateSummary[]; broken: BrokenTemplate[] }>('GET', '/api/templates');
  }
  getTemplate(id: string) {
    return this.request<TemplateDetail>('GET', `/api/templates/${enc(id)}`);
  }
  /** Always answers: `ok` false lists every located problem (`$.params.x`, `$.partnerId`). */
  validateTemplateParams(id: string, body: PlanBody) {
    return this.request<{ ok: boolean; problems: Problem[] }>('POST', `/api/templates/${enc(id)}/validate`, body);
  }
  previewInstance(id: string, body: PlanBody) {
    return this.request<InstancePreview>('POST', `/api/templates/${enc(id)}/preview`, body);
  }
  dryRun(id: string, body: PlanBody & { document: unknown; entry?: string }) {
    return this.request<DryRunReport>('POST', `/api/templates/${enc(id)}/dry-run`, body);
  }
  instantiate(id: string, body: PlanBody) {
    return this.request<InstantiateResult>('POST', `/api/templates/${enc(id)}/instantiate`, body);
  }
  templateUpgrades(id: string) {
    return this.request<{ latestVersion: number; flows: UpgradeCandidate[] }>('GET', `/api/templates/${enc(id)}/upgrades`);
  }
  /** With `preview` nothing is deployed; without it, unresolved conflicts reject with a 409 ApiError whose body is the report. */
  upgradeFlow(flowId: string, options: { preview: boolean; resolutions?: UpgradeResolution[] }) {
    return this.request<UpgradeReport>('POST', `/api/flows/${enc(flowId)}/upgrade${options.preview ? '?preview=true' : ''}`, options.resolutions?.length ? { resolutions: options.resolutions } : {});
  }
}

/** Drops empty filter values and turns datetime-local inputs into ISO date-times. */
function toQuery(filter: DeadLetterFilter | AuditFilter): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '') continue;
    query[key] = (key === 'from' || key === 'to') && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value;
  }
  return query;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text };
  }
}

/** Human-readable message for anything thrown by the client. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.details.map((d) => `${d.nodeId ?? d.path ?? d.segment ?? ''} ${d.message}`.trim());
    return details.length ? `${error.message}: ${details.join('; ')}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
