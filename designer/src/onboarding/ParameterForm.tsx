// Wizard step 2: partner id and name, then every template parameter in form order, with the API's problems next to their fields.
import { useMemo } from 'react';
import type { TemplateDetail } from '../api/template-types';
import { SchemaField, type FieldContext } from '../properties/SchemaField';
import { CsvField } from './CsvField';
import type { GroupedProblems, FieldProblem } from './problem-paths';
import { exampleCsv, orderedParameters, type ParamValues } from './wizard-defaults';

interface ParameterFormProps {
  template: TemplateDetail;
  partnerId: string;
  partnerName: string;
  params: ParamValues;
  problems: GroupedProblems;
  fieldContext: FieldContext;
  onPartnerId(value: string): void;
  onPartnerName(value: string): void;
  onParam(name: string, value: unknown): void;
}

export function ParameterForm({ template, partnerId, partnerName, params, problems, fieldContext, onPartnerId, onPartnerName, onParam }: ParameterFormProps) {
  const parameters = useMemo(() => orderedParameters(template), [template]);
  const csvSpecs = useMemo(() => new Map(template.form.csv.map((spec) => [spec.param, spec])), [template]);
  const generated = useMemo(() => new Set(template.form.secrets.filter((s) => s.generate).map((s) => s.name)), [template]);
  const required = template.parameters.required ?? [];

  return (
    <div className="wizard-form">
      <fieldset className="field-group">
        <legend>Partner</legend>
        <div className="field">
          <label className="field-label" htmlFor="wizard-partner-id">Partner id<span className="required" aria-hidden="true"> *</span></label>
          <input id="wizard-partner-id" type="text" aria-label="Partner id" value={partnerId} placeholder={`e.g. ${template.example.partnerId}`} autoFocus
            aria-invalid={problems.partnerId.length > 0} aria-describedby={problems.partnerId.length ? 'error-partnerId' : undefined}
            onChange={(e) => onPartnerId(e.target.value.trim())} />
          <small className="field-help">Lower-case letters, digits and dashes. The partner's endpoints live under <code>/partners/{partnerId || '…'}/</code>.</small>
          <FieldErrors id="error-partnerId" label="Partner id" messages={problems.partnerId} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="wizard-partner-name">Partner name</label>
          <input id="wizard-partner-name" type="text" aria-label="Partner name" value={partnerName} placeholder={partnerId || 'Display name (default: the partner id)'}
            aria-invalid={problems.name.length > 0} aria-describedby={problems.name.length ? 'error-name' : undefined} onChange={(e) => onPartnerName(e.target.value)} />
          <FieldErrors id="error-name" label="Partner name" messages={problems.name} />
        </div>
      </fieldset>
      {parameters.map(([name, schema]) => {
        const fieldProblems = problems.byParam.get(name) ?? [];
        const errorId = fieldProblems.length ? `error-param-${name}` : undefined;
        const label = schema.title ?? name;
        const csv = csvSpecs.get(name);
        return (
          <div key={name} className={`param-field${fieldProblems.length ? ' has-error' : ''}`} data-param={name}>
            {csv ? (
              <CsvField name={name} label={label} value={typeof params[name] === 'string' ? params[name] : ''} keyColumn={csv.keyColumn} requiredColumns={csv.requiredColumns}
                example={exampleCsv(template, name, [csv.keyColumn, ...csv.requiredColumns].join(','))}
                help={schema.description ? <small className="field-help">{schema.description}</small> : null}
                problems={fieldProblems} errorId={`error-param-${name}`} onChange={(value) => onParam(name, value)} />
            ) : (
              <>
                <SchemaField name={name} path={name} schema={schema} value={params[name]} required={required.includes(name)} context={fieldContext}
                  errorId={errorId} onChange={(value) => onParam(name, value)} />
                {generated.has(name) && <small className="field-help">Leave empty to have a value generated; it is shown once after deploy.</small>}
                <FieldErrors id={`error-param-${name}`} label={label} messages={fieldProblems.map(describe)} />
              </>
            )}
          </div>
        );
      })}
    </div>
  );
}

function describe(problem: FieldProblem): string {
  return problem.subPath ? `${problem.subPath.replace(/^\./, '')}: ${problem.message}` : problem.message;
}

function FieldErrors({ id, label, messages }: { id: string; label: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <ul id={id} className="field-error" role="alert" aria-label={`${label} problems`}>
      {messages.map((message, index) => <li key={index}>{message}</li>)}
    </ul>
  );
}
