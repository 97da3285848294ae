// SOAP 1.1 envelopes for the ERP SOAP adapter and the demo ERP's SOAP endpoint: build requests/responses/faults, parse them.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const DEMO_ERP_SOAP_NS = 'urn:tradelane:demo-erp:v1';

export interface SoapFault {
  faultcode: string;
  faultstring: string;
  faultactor?: string;
  detail?: unknown;
}

export type ParsedEnvelope =
  | { kind: 'body'; header: Record<string, unknown>; operation: string; content: unknown }
  | { kind: 'fault'; header: Record<string, unknown>; fault: SoapFault };

export class SoapParseError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'SoapParseError';
  }
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** XMLBuilder escapes text itself; this drops undefined members and writes null as an empty element. */
function toXmlValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toXmlValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toXmlValue(v)]));
  }
  return value === null ? '' : value;
}

function envelope(header: Record<string, unknown> | undefined, body: Record<string, unknown>): string {
  const content: Record<string, unknown> = {};
  if (header && Object.keys(header).length) content['soap:Header'] = header;
  content['soap:Body'] = body;
  return '<?xml version="1.0" encoding="utf-8"?>' + builder.build({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, ...content } });
}

/** A request envelope whose body element is `operation` in `namespace`; arrays become repeated elements. */
export function buildSoapRequest(options: { operation: string; namespace: string; payload: unknown; header?: Record<string, string> }): string {
  const header = options.header
    ? Object.fromEntries(Object.entries(options.header).map(([name, value]) => [name, { '@_xmlns': options.namespace, '#text': toXmlValue(value) }]))
    : undefined;
  const payload = options.payload !== null && typeof options.payload === 'object' && !Array.isArray(options.payload) ? toXmlValue(options.payload) as Record<string, unknown> : { value: toXmlValue(options.payload) };
  return envelope(header, { [options.operation]: { '@_xmlns': options.namespace, ...payload } });
}

export function buildSoapResponse(options: { operation: string; namespace: string; payload: Record<string, unknown> }): string {
  return envelope(undefined, { [`${options.operation}Response`]: { '@_xmlns': options.namespace, ...(toXmlValue(options.payload) as Record<string, unknown>) } });
}

export function buildSoapFault(fault: SoapFault): string {
  const body: Record<string, unknown> = { faultcode: fault.faultcode, faultstring: toXmlValue(fault.faultstring) };
  if (fault.faultactor) body.faultactor = fault.faultactor;
  if (fault.detail !== undefined) body.detail = toXmlValue(fault.detail);
  return envelope(undefined, { 'soap:Fault': body });
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Parses a SOAP 1.1 envelope (namespace prefixes removed). `arrayPaths` names elements that are always arrays,
 * as dotted paths below the body element's content, e.g. ["lines"]. Values stay strings unless `typedValues` is set.
 */
export function parseSoapEnvelope(xml: string, options: { arrayPaths?: string[]; typedValues?: boolean } = {}): ParsedEnvelope {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new SoapParseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`, valid.err.line, valid.err.col);
  const arrayPaths = new Set(options.arrayPaths ?? []);
  const parser = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: true,
    ignoreDeclaration: true,
    parseTagValue: options.typedValues ?? false,
    numberParseOptions: { hex: false, leadingZeros: false, eNotation: false },
    isArray: (_name, jpath) => {
      // jpath is "Envelope.Body.<Operation>.<path...>"; compare the part below the operation element.
      const parts = String(jpath).split('.');
      return parts.length > 3 && arrayPaths.has(parts.slice(3).join('.'));
    },
  });
  const document = asRecord(parser.parse(xml));
  const soapEnvelope = document.Envelope;
  if (soapEnvelope === undefined) throw new SoapParseError('not a SOAP envelope: the root element must be soap:Envelope');
  const header = asRecord(asRecord(soapEnvelope).Header);
  const body = asRecord(asRecord(soapEnvelope).Body);
  const [operation, content] = Object.entries(body)[0] ?? [];
  if (operation === undefined) throw new SoapParseError('the SOAP Body is empty');
  if (operation === 'Fault') {
    const fault = asRecord(content);
    return {
      kind: 'fault',
      header,
      fault: {
        faultcode: String(fault.faultcode ?? ''),
        faultstring: String(fault.faultstring ?? ''),
        ...(fault.faultactor !== undefined ? { faultactor: String(fault.faultactor) } : {}),
        ...(fault.detail !== undefined ? { detail: fault.detail } : {}),
      },
    };
  }
  return { kind: 'body', header, operation, content };
}
