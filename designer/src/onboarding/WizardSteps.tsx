// The wizard's progress bar: five numbered steps, the current one marked for assistive technology.
export type WizardStep = 'template' | 'parameters' | 'preview' | 'dry-run' | 'deploy';

export const STEPS: { id: WizardStep; label: string }[] = [
  { id: 'template', label: 'Template' },
  { id: 'parameters', label: 'Partner details' },
  { id: 'preview', label: 'Preview flow' },
  { id: 'dry-run', label: 'Test document' },
  { id: 'deploy', label: 'Deploy' },
];

export function WizardSteps({ current }: { current: WizardStep }) {
  const index = STEPS.findIndex((step) => step.id === current);
  return (
    <ol className="wizard-steps" aria-label="Onboarding steps">
      {STEPS.map((step, i) => (
        <li key={step.id} aria-current={i === index ? 'step' : undefined} className={i < index ? 'done' : i === index ? 'current' : undefined}>
          <span className="step-number" aria-hidden="true">{i < index ? '✓' : i + 1}</span> {step.label}
        </li>
      ))}
    </ol>
  );
}
