// Masking of captured payloads: JSON text with and without masked fields, keys in other cases or written with escapes, and the size cap.
import { describe, expect, it } from 'vitest';
import { capturePayload, maskSet } from '../../runtime/ledger/payload-capture.js';

const options = { maskFields: maskSet(['iban', 'apiKey']), maxBytes: 1024 };
const bodyOf = (value: unknown) => capturePayload(value, options)?.body;

describe('capturePayload masking of JSON text', () => {
  it('masks a named field at any depth and in any case, and stores compact JSON', () => {
    expect(bodyOf('{ "supplier": { "IBAN": "DE12", "name": "x" }, "lines": [{ "ApiKey": "k" }] }')).toBe('{"supplier":{"IBAN":"***","name":"x"},"lines":[{"ApiKey":"***"}]}');
  });
  it('stores JSON without masked fields as received, byte for byte', () => {
    expect(bodyOf('{ "poNumber": "PO-1",\n  "lines": [1, 2] }')).toBe('{ "poNumber": "PO-1",\n  "lines": [1, 2] }');
    expect(capturePayload('[1, 2] ', options)).toMatchObject({ body: '[1, 2] ', contentType: 'json' });
    expect(capturePayload('{"iban":"DE12"}', { maskFields: new Set(), maxBytes: 1024 })).toMatchObject({ body: '{"iban":"DE12"}', contentType: 'json' });
  });
  it('re-serialises only what it masks: a masked body is compact JSON', () => {
    expect(bodyOf('{ "poNumber": "PO-1", "iban": "DE12" }')).toBe('{"poNumber":"PO-1","iban":"***"}');
  });
  it('masks a key written with JSON escapes, or with a character whose lower case is the field name', () => {
    expect(bodyOf('{"\\u0069ban":"DE12"}')).toBe('{"iban":"***"}');
    // U+212A KELVIN SIGN lower-cases to "k": "apiKey" written with it is still the apiKey field.
    expect(bodyOf('{"api\u212Aey":"secret"}')).toBe('{"api\u212Aey":"***"}');
  });
  it('leaves a masked name alone where it is only a value, and drops a __proto__ key as before', () => {
    expect(bodyOf('{"note":"iban"}')).toBe('{"note":"iban"}');
    expect(bodyOf('{"__proto__":{"x":1},"a":2}')).toBe('{"a":2}');
  });
  it('keeps text that is not JSON as text', () => {
    expect(capturePayload('{not json', options)).toMatchObject({ body: '{not json', contentType: 'text' });
  });
});

describe('capturePayload masking of objects', () => {
  it('masks a named field at any depth and in any case, and leaves null values and array items alone', () => {
    const payload = { supplier: { Iban: 'DE12', name: 'x' }, apikey: null, lines: [{ APIKEY: 'k', sku: 'A' }], iban: ['DE1', 'DE2'] };
    expect(JSON.parse(bodyOf(payload)!)).toEqual({ supplier: { Iban: '***', name: 'x' }, apikey: null, lines: [{ APIKEY: '***', sku: 'A' }], iban: '***' });
  });
  it('stores an object without masked fields exactly as JSON.stringify does, dates as ISO text', () => {
    const payload = { poNumber: 'PO-1', note: 'iban', at: new Date(Date.UTC(2026, 0, 2)), lines: [1, { qty: 2 }] };
    expect(bodyOf(payload)).toBe(JSON.stringify(payload));
    expect(JSON.parse(bodyOf({ iban: 'DE12', at: new Date(Date.UTC(2026, 0, 2)) })!)).toEqual({ iban: '***', at: '2026-01-02T00:00:00.000Z' });
  });
  it('masks field names that need escaping in a pattern, and masks nothing when no field is named', () => {
    const special = { maskFields: maskSet(['x.y', 'a+b']), maxBytes: 1024 };
    expect(JSON.parse(capturePayload({ 'x.y': 1, xzy: 2, 'a+b': 3 }, special)!.body)).toEqual({ 'x.y': '***', xzy: 2, 'a+b': '***' });
    expect(capturePayload({ iban: 'DE12' }, { maskFields: new Set(), maxBytes: 1024 })!.body).toBe('{"iban":"DE12"}');
  });
});
