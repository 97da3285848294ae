// The mapping between business-key names and document columns, and a stored row back into the API's document shape.
import type { BusinessKeys } from '../../nodes/sdk/index.js';
import type { DocumentRow } from '../store/sql/sql-schema.js';

type KeyColumn = 'po_number' | 'ack_number' | 'shipment_id' | 'invoice_number' | 'customer_order_number';

export const KEY_COLUMNS: ReadonlyArray<[keyof BusinessKeys, KeyColumn]> = [
  ['poNumber', 'po_number'], ['ackNumber', 'ack_number'], ['shipmentId', 'shipment_id'], ['invoiceNumber', 'invoice_number'], ['customerOrderNumber', 'customer_order_number'],
];

export function keyColumnsOf(keys: BusinessKeys | undefined): Pick<DocumentRow, KeyColumn> {
  const columns = { po_number: null, ack_number: null, shipment_id: null, invoice_number: null, customer_order_number: null } as Pick<DocumentRow, KeyColumn>;
  for (const [name, column] of KEY_COLUMNS) {
    const value = keys?.[name];
    if (value) columns[column] = value.slice(0, 128);
  }
  return columns;
}

export function keysOfRow(row: Pick<DocumentRow, KeyColumn>): BusinessKeys {
  const keys: BusinessKeys = {};
  for (const [name, column] of KEY_COLUMNS) {
    const value = row[column];
    if (value) keys[name] = value;
  }
  return keys;
}
