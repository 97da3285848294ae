// Route component of the onboarding wizard (#/onboard[/templateId]): step 1 picks a template, then the wizard takes over.
import { useSession } from '../auth/session';
import { useAsync } from '../util/useAsync';
import { routeHref } from '../util/useHashRoute';
import { TemplatePicker } from './TemplatePicker';
import { OnboardingWizard } from './OnboardingWizard';
import { WizardSteps } from './WizardSteps';
import './onboarding.css';

export function OnboardingPage({ templateId }: { templateId?: string }) {
  const { api, canEdit } = useSession();
  const templates = useAsync(() => (templateId ? Promise.resolve(null) : api.listTemplates()), [api, templateId]);
  const detail = useAsync(() => (templateId ? api.getTemplate(templateId) : Promise.resolve(null)), [api, templateId]);
  const catalog = useAsync(() => (templateId ? api.listNodes() : Promise.resolve([])), [api, templateId]);

  if (!canEdit) {
    return <main className="page"><p role="alert" className="error-text">Onboarding creates partners and flows: it needs the admin or analyst role.</p></main>;
  }
  const error = templates.error ?? detail.error ?? catalog.error;
  return (
    <main className="page wizard-page">
      <div className="page-head">
        <h1>Onboard a partner</h1>
        <a className="button" href={routeHref({ view: 'flows' })}>Cancel</a>
      </div>
      {error && <p role="alert" className="error-text">{error}</p>}
      {!templateId && (
        <>
          <WizardSteps current="template" />
          {templates.data ? <TemplatePicker templates={templates.data.templates} broken={templates.data.broken} /> : !error && <p className="muted">Loading templates…</p>}
        </>
      )}
      {templateId && detail.data && catalog.data && <OnboardingWizard key={templateId} template={detail.data} catalogList={catalog.data} />}
      {templateId && !error && (!detail.data || !catalog.data) && <p className="muted">Loading template…</p>}
    </main>
  );
}
