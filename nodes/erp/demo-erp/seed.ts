// Deterministic seed data for a fresh demo ERP: PO-1001..PO-1020 for partner demo-supplier and matching inventory positions.
import type { InventoryPosition, PurchaseOrderLine, PurchaseOrderRecord } from './types.js';

export const DEMO_PARTNER_ID = 'demo-supplier';

interface CatalogItem {
  sku: string;
  description: string;
  uom: string;
  unitPrice: number;
}

const CATALOG: CatalogItem[] = [
  { sku: 'SKU-10001', description: 'Hex bolt M8x40, zinc plated', uom: 'EA', unitPrice: 0.18 },
  { sku: 'SKU-10002', description: 'Hex nut M8, zinc plated', uom: 'EA', unitPrice: 0.05 },
  { sku: 'SKU-10003', description: 'Flat washer M8', uom: 'EA', unitPrice: 0.03 },
  { sku: 'SKU-20001', description: 'Cable tie 200 mm, black (pack of 100)', uom: 'PK', unitPrice: 4.5 },
  { sku: 'SKU-20002', description: 'Electrical tape 19 mm x 20 m', uom: 'RL', unitPrice: 1.95 },
  { sku: 'SKU-30001', description: 'Nitrile gloves, size L (box of 100)', uom: 'BX', unitPrice: 9.8 },
  { sku: 'SKU-30002', description: 'Safety glasses, clear', uom: 'EA', unitPrice: 3.25 },
  { sku: 'SKU-40001', description: 'Pallet wrap 500 mm x 300 m', uom: 'RL', unitPrice: 12.4 },
  { sku: 'SKU-40002', description: 'Shipping carton 400x300x300', uom: 'EA', unitPrice: 0.92 },
  { sku: 'SKU-50001', description: 'LED work light 20 W', uom: 'EA', unitPrice: 24.9 },
];

const LOCATIONS = ['DC-EAST', 'DC-WEST'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The 20 seeded purchase orders; the same on every machine so docs and tests can name lines and SKUs. */
export function seedPurchaseOrders(): PurchaseOrderRecord[] {
  const orders: PurchaseOrderRecord[] = [];
  for (let index = 0; index < 20; index += 1) {
    const lineCount = 2 + (index % 3); // 2, 3 or 4 lines
    const location = LOCATIONS[index % LOCATIONS.length] ?? 'DC-EAST';
    const lines: PurchaseOrderLine[] = [];
    for (let lineIndex = 0; lineIndex < lineCount; lineIndex += 1) {
      const item = CATALOG[(index * 3 + lineIndex) % CATALOG.length] as CatalogItem;
      lines.push({
        line: lineIndex + 1,
        sku: item.sku,
        description: item.description,
        qty: 10 * (1 + ((index + lineIndex) % 5)) * (item.uom === 'EA' ? 10 : 1),
        uom: item.uom,
        unitPrice: item.unitPrice,
        requestedDate: `2026-12-${pad(1 + ((index + 7 * lineIndex) % 28))}`,
        ackStatus: 'none',
        confirmedQty: null,
        confirmedUnitPrice: null,
        promisedDate: null,
        receivedQty: 0,
        invoicedQty: 0,
      });
    }
    orders.push({
      poNumber: `PO-${1001 + index}`,
      partnerId: DEMO_PARTNER_ID,
      orderDate: `2026-11-${pad(1 + index)}`,
      currency: 'USD',
      shipTo: { code: location === 'DC-EAST' ? 'ST-100' : 'ST-200', location },
      ackStatus: 'none',
      ackNumber: null,
      lines,
    });
  }
  return orders;
}

/** One position per catalog item and location; onOrder reflects the seeded open PO quantities. */
export function seedInventory(orders: PurchaseOrderRecord[]): InventoryPosition[] {
  const positions = new Map<string, InventoryPosition>();
  for (const location of LOCATIONS) {
    CATALOG.forEach((item, index) => {
      positions.set(`${item.sku}@${location}`, {
        sku: item.sku,
        location,
        description: item.description,
        uom: item.uom,
        onHand: 25 * (index + 1),
        onOrder: 0,
      });
    });
  }
  for (const order of orders) {
    for (const line of order.lines) {
      const position = positions.get(`${line.sku}@${order.shipTo.location}`);
      if (position) position.onOrder += line.qty;
    }
  }
  return [...positions.values()];
}
