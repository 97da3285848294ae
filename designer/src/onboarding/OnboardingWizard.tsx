// Wizard steps 2-5 for one template: partner details, flow preview, dry-run test document, deploy with credentials shown once.
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../auth/session';
import { ApiError, errorText } from '../api/client';
import type { InstancePreview, InstantiateResult, TemplateDetail } from '../api/template-types';
import type { NodeCatalogEntry } from '../api/types';
import { OverlayStore } from '../canvas/overlay-store';
import { JsonataWorkbench } from '../jsonata/JsonataWorkbench';
import { routeHref } from '../util/useHashRoute';
import { DeployStep } from './DeployStep';
import { DryRunStep } from './DryRunStep';
import { ParameterForm } from './ParameterForm';
import { PreviewStep } from './PreviewStep';
import { groupProblems } from './problem-paths';
import { useDryRun } from './useDryRun';
import { useDryRunHighlight } from './useDryRunHighlight';
import { useParamValidation } from './useParamValidation';
import { useWizardParams } from './useWizardParams';
import { WizardSteps, type WizardStep } from './WizardSteps';

interface OnboardingWizardProps {
  template: TemplateDetail;
  catalogList: NodeCatalogEntry[];
}

interface JsonataTarget { path: string; value: string; onChange(value: string): void }

export function OnboardingWizard({ template, catalogList }: OnboardingWizardProps) {
  const { api } = useSession();
  const catalog = useMemo(() => new Map(catalogList.map((entry) => [entry.type, entry])), [catalogList]);
  const overlays = useMemo(() => new OverlayStore(), []);
  const form = useWizardParams(template);
  const csvParams = useMemo(() => template.form.csv.map((spec) => spec.param), [template]);
  const validation = useParamValidation(api, template.id, form.body, csvParams);
  const dryRun = useDryRun(api, template, form.body);
  const [step, setStep] = useState<Exclude<WizardStep, 'template'>>('parameters');
  const [preview, setPreview] = useState<InstancePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [stepError, setStepError] = useState<string | null>(null);
  const [result, setResult] = useState<InstantiateResult | null>(null);
  const [jsonata, setJsonata] = useState<JsonataTarget | null>(null);
  const highlight = useDryRunHighlight(overlays, preview, step === 'dry-run' ? dryRun.report : null);

  useEffect(() => {
    // Move focus to the new step's heading so keyboard and screen-reader users start at the top of it.
    document.getElementById('wizard-step-heading')?.focus();
  }, [step]);

  const grouped = useMemo(() => groupProblems(validation.problems), [validation.problems]);
  const fieldContext = useMemo(() => ({
    openJsonata: (path: string, value: string, onChange: (value: string) => void) => setJsonata({ path, value, onChange }),
  }), []);

  async function toPreview() {
    setBusy(true);
    setStepError(null);
    try {
      const problems = await validation.check();
      if (problems.length) return;
      setPreview(await api.previewInstance(template.id, form.body));
      setStep('preview');
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) validation.setProblems(err.details);
      else setStepError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function deploy() {
    setBusy(true);
    setStepError(null);
    try {
      setResult(await api.instantiate(template.id, form.body));
    } catch (err) {
      setStepError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const title = {
    parameters: 'Partner details',
    preview: 'Preview the generated flow',
    'dry-run': 'Send a test document (dry run)',
    deploy: result ? 'Onboarded' : 'Deploy',
  }[step];

  return (
    <>
      <WizardSteps current={step} />
      <section className="wizard-card" aria-labelledby="wizard-step-heading">
        <div className="wizard-card-head">
          <h2 id="wizard-step-heading" tabIndex={-1}>{title}</h2>
          <span className="muted small">
            Template <strong>{template.name}</strong> v{template.version} · <a href={routeHref({ view: 'onboard' })}>change</a>
          </span>
        </div>
        {step === 'parameters' && (
          <form aria-label="Partner details" onSubmit={(e) => { e.preventDefault(); void toPreview(); }}>
            <p className="muted small">
              Prefilled from the template's example ({template.example.partnerId}); replace the partner's identifiers.
              {template.form.csv.length > 0 && ' Cross-references start empty: enter the new supplier\'s own rows.'}
            </p>
            {grouped.general.length > 0 && (
              <ul className="field-error" role="alert" aria-label="Other problems">{grouped.general.map((m, i) => <li key={i}>{m}</li>)}</ul>
            )}
            <ParameterForm template={template} partnerId={form.partnerId} partnerName={form.partnerName} params={form.values} problems={grouped}
              fieldContext={fieldContext} onPartnerId={form.setPartnerId} onPartnerName={form.setPartnerName} onParam={form.setParam} />
            {stepError && <p className="error-text" role="alert">{stepError}</p>}
            <div className="wizard-nav">
              <a className="button" href={routeHref({ view: 'onboard' })}>Back</a>
              <button type="submit" className="primary" disabled={busy || grouped.partnerId.length > 0}>{busy ? 'Checking…' : 'Next: preview flow'}</button>
            </div>
          </form>
        )}
        {step === 'preview' && preview && (
          <>
            <PreviewStep preview={preview} catalog={catalog} overlays={overlays} />
            <div className="wizard-nav">
              <button type="button" onClick={() => setStep('parameters')}>Back</button>
              <button type="button" className="primary" onClick={() => setStep('dry-run')}>Next: test document</button>
            </div>
          </>
        )}
        {step === 'dry-run' && preview && (
          <>
            <DryRunStep template={template} entry={dryRun.entry} document={dryRun.document} report={dryRun.report} running={dryRun.running} error={dryRun.error}
              onEntry={dryRun.setEntry} onDocument={dryRun.setDocument} onRun={() => void dryRun.run()}
              flow={preview.flow} catalog={catalog} overlays={overlays} highlightedEdges={highlight} />
            <div className="wizard-nav">
              <button type="button" onClick={() => setStep('preview')}>Back</button>
              <button type="button" className="primary" onClick={() => setStep('deploy')}>Next: deploy</button>
            </div>
          </>
        )}
        {step === 'deploy' && preview && (
          <>
            <DeployStep template={template} preview={preview} dryRunOk={dryRun.report ? dryRun.report.ok : null} deploying={busy} error={stepError}
              result={result} onDeploy={() => void deploy()} />
            {!result && (
              <div className="wizard-nav">
                <button type="button" onClick={() => setStep('dry-run')}>Back</button>
              </div>
            )}
          </>
        )}
      </section>
      {jsonata && (
        <JsonataWorkbench title={`${template.name} · ${jsonata.path}`} sampleKey={`onboard:${template.id}:${jsonata.path}`} initialExpression={jsonata.value} readOnly={false}
          onApply={(expression) => { jsonata.onChange(expression); setJsonata(null); }} onClose={() => setJsonata(null)} />
      )}
    </>
  );
}
