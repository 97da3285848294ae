// A refusal shown next to the field or action it concerns, announced to screen readers.
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return <span id={id} role="alert" className="error-text field-error">{message}</span>;
}
