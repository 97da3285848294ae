// Splits a server refusal into messages per field ($.password -> "password") and one for the action as a whole.
import { ApiError, errorText } from '../api/client';

export interface LocatedErrors {
  /** Message per body field, keyed by the field name without "$.". */
  fields: Record<string, string>;
  /** The refusal itself ("user \"ann\" already exists"), or the whole text when nothing is located. */
  message: string;
}

export function locateErrors(error: unknown): LocatedErrors {
  if (!(error instanceof ApiError)) return { fields: {}, message: errorText(error) };
  const fields: Record<string, string> = {};
  for (const detail of error.details) {
    const field = detail.path?.replace(/^(\$|query)\.?/, '').split(/[.[]/)[0];
    if (field) fields[field] = fields[field] ? `${fields[field]}; ${detail.message}` : detail.message;
  }
  return { fields, message: Object.keys(fields).length ? error.message : errorText(error) };
}

