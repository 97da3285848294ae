// JSON Schemas and compiled checkers for the demo ERP's request bodies (acknowledgement, ASN, invoice, fault settings).
import { compileSchema, createAjv, type JSONSchema } from '../../sdk/index.js';

const isoDate: JSONSchema = { type: 'string', format: 'date' };
const documentNumber: JSONSchema = { type: 'string', minLength: 1, maxLength: 64 };
const lineNumber: JSONSchema = { type: 'integer', minimum: 1 };

export const acknowledgementSchema: JSONSchema = {
  type: 'object',
  required: ['poNumber', 'ackNumber', 'status', 'lines'],
  properties: {
    poNumber: documentNumber,
    ackNumber: documentNumber,
    status: { enum: ['accepted', 'changed', 'rejected'] },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        required: ['line', 'status'],
        properties: {
          line: lineNumber,
          sku: { type: 'string', minLength: 1 },
          status: { enum: ['accepted', 'changed', 'rejected', 'backordered'] },
          qty: { type: 'number', minimum: 0 },
          unitPrice: { type: 'number', minimum: 0 },
          promisedDate: isoDate,
        },
      },
    },
  },
};

export const asnSchema: JSONSchema = {
  type: 'object',
  required: ['asnNumber', 'shipDate', 'lines'],
  properties: {
    asnNumber: documentNumber,
    poNumber: documentNumber,
    shipDate: isoDate,
    expectedDeliveryDate: isoDate,
    carrier: { type: 'string' },
    trackingNumber: { type: 'string' },
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['line', 'qty'],
        properties: {
          poNumber: documentNumber,
          line: lineNumber,
          sku: { type: 'string', minLength: 1 },
          qty: { type: 'number', exclusiveMinimum: 0 },
          sscc: { type: 'string', pattern: '^[0-9]{18}$' },
        },
      },
    },
  },
};

export const invoiceSchema: JSONSchema = {
  type: 'object',
  required: ['invoiceNumber', 'poNumber', 'invoiceDate', 'lines'],
  properties: {
    invoiceNumber: documentNumber,
    poNumber: documentNumber,
    invoiceDate: isoDate,
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    total: { type: 'number' },
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['line', 'qty', 'unitPrice'],
        properties: {
          line: lineNumber,
          sku: { type: 'string', minLength: 1 },
          qty: { type: 'number', exclusiveMinimum: 0 },
          unitPrice: { type: 'number', minimum: 0 },
        },
      },
    },
  },
};

export const faultSettingsSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    latencyMs: { type: 'integer', minimum: 0, maximum: 120_000 },
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    errorStatus: { type: 'integer', minimum: 400, maximum: 599 },
    downForSeconds: { type: 'number', minimum: 0, maximum: 86_400 },
    lostResponseRate: { type: 'number', minimum: 0, maximum: 1 },
  },
};

export const supplierAssignmentSchema: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['partnerId'],
  properties: { partnerId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } },
};

const ajv = createAjv();
export const checkAcknowledgement = compileSchema(ajv, acknowledgementSchema);
export const checkAsn = compileSchema(ajv, asnSchema);
export const checkInvoice = compileSchema(ajv, invoiceSchema);
export const checkFaultSettings = compileSchema(ajv, faultSettingsSchema);
export const checkSupplierAssignment = compileSchema(ajv, supplierAssignmentSchema);

export interface AcknowledgementLineBody {
  line: number;
  sku?: string;
  status: 'accepted' | 'changed' | 'rejected' | 'backordered';
  qty?: number;
  unitPrice?: number;
  promisedDate?: string;
}

export interface AcknowledgementBody {
  poNumber: string;
  ackNumber: string;
  status: 'accepted' | 'changed' | 'rejected';
  lines: AcknowledgementLineBody[];
}

export interface AsnBody {
  asnNumber: string;
  poNumber?: string;
  shipDate: string;
  expectedDeliveryDate?: string;
  carrier?: string;
  trackingNumber?: string;
  lines: Array<{ poNumber?: string; line: number; sku?: string; qty: number; sscc?: string }>;
}

export interface InvoiceBody {
  invoiceNumber: string;
  poNumber: string;
  invoiceDate: string;
  currency?: string;
  total?: number;
  lines: Array<{ line: number; sku?: string; qty: number; unitPrice: number }>;
}
