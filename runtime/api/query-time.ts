// Parses an ISO date-time query parameter into epoch ms, refusing anything else with a located 400.
import { HttpError } from './http-error.js';

export function queryTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new HttpError(400, 'query is invalid', [{ path: `query.${name}`, message: 'must be an ISO date-time' }]);
  return parsed;
}
