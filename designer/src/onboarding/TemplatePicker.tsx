// Wizard step 1: the offered templates as cards (name, category, description, version); broken template files are listed apart.
import type { BrokenTemplate, TemplateSummary } from '../api/template-types';
import { routeHref } from '../util/useHashRoute';

interface TemplatePickerProps {
  templates: TemplateSummary[];
  broken: BrokenTemplate[];
}

export function TemplatePicker({ templates, broken }: TemplatePickerProps) {
  return (
    <section aria-label="Choose a template">
      <p className="muted">Each template is a tested integration pattern. Choose the one that matches how the partner exchanges documents.</p>
      <ul className="template-cards">
        {templates.map((template) => (
          <li key={template.id}>
            <a className="template-card" href={routeHref({ view: 'onboard', templateId: template.id })} aria-label={`Template ${template.name}`} data-template-id={template.id}>
              <span className="template-card-head">
                <span className="tag">{template.category}</span>
                <span className="muted small" aria-label="Template version">v{template.version}</span>
              </span>
              <strong>{template.name}</strong>
              <span className="small">{template.description}</span>
              {template.entries.length > 0 && (
                <span className="muted small">Test documents: {template.entries.map((entry) => entry.contentType.toUpperCase()).filter(unique).join(', ')}</span>
              )}
            </a>
          </li>
        ))}
      </ul>
      {templates.length === 0 && <p className="muted">No templates are loaded.</p>}
      {broken.length > 0 && (
        <details className="card">
          <summary>{broken.length} template file{broken.length > 1 ? 's' : ''} could not be loaded</summary>
          <ul>
            {broken.map((entry) => (
              <li key={entry.source}>
                <span className="mono">{entry.id ?? entry.source}</span>: {entry.problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`).join('; ')}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function unique<T>(value: T, index: number, list: T[]): boolean {
  return list.indexOf(value) === index;
}
