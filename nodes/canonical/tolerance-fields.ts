// What tl-tolerance refuses to read: acknowledgement lines and ship-notice items that are not canonical, located, with the field to map to.
import { compileSchema, createAjv, type LocatedProblem } from '../sdk/index.js';
import { purchaseOrderAcknowledgementLineSchema } from './schemas/purchase-order-acknowledgement.js';
import { shipNoticeItemSchema } from './schemas/advance-ship-notice.js';

const ajv = createAjv();
const checkAckLines = compileSchema(ajv, { type: 'array', items: purchaseOrderAcknowledgementLineSchema });
const checkShipNoticeItems = compileSchema(ajv, { type: 'array', items: shipNoticeItemSchema });

/** Field names partner portals and ERPs use, and the canonical field that holds what they mean. */
const ACK_LINE_FIELDS: Record<string, string> = {
  qty: 'promisedQty', quantity: 'promisedQty', confirmedQty: 'promisedQty', unitPrice: 'promisedUnitPrice', price: 'promisedUnitPrice',
  confirmedUnitPrice: 'promisedUnitPrice', date: 'promisedDate', deliveryDate: 'promisedDate', unit: 'uom',
};
const SHIP_NOTICE_ITEM_FIELDS: Record<string, string> = { quantity: 'qty', shippedQty: 'qty', unit: 'uom' };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Re-roots "$[0].qty" at the document's place on the message, and says which canonical field a foreign name should be mapped to. */
function located(problems: LocatedProblem[], root: string, noun: string, renames: Record<string, string>): LocatedProblem[] {
  return problems.map((problem) => {
    const path = `${root}${problem.path.slice(1)}`;
    if (problem.message !== 'is not an allowed property') return { path, message: problem.message };
    const field = /\.([^.[\]]+)$/.exec(problem.path)?.[1] ?? '';
    const canonical = renames[field];
    return {
      path,
      message: canonical
        ? `is not a field of a canonical ${noun}: the tolerance check reads ${canonical}; map ${field} to ${canonical} before this node`
        : `is not a field of a canonical ${noun}, so the tolerance check cannot know what it means; map the document to the canonical form first (or move the field under extensions)`,
    };
  });
}

/** Every problem with the acknowledgement lines the comparison reads; empty when they are canonical. */
export function acknowledgementProblems(ack: Record<string, unknown>, root: string): LocatedProblem[] {
  if (!Array.isArray(ack.lines)) return [{ path: `${root}.lines`, message: 'must be an array of acknowledgement lines' }];
  return located(checkAckLines(ack.lines), `${root}.lines`, 'acknowledgement line', ACK_LINE_FIELDS);
}

/** Every problem with the ship notice's orders, packs and items the comparison reads; empty when they are canonical. */
export function shipNoticeProblems(asn: Record<string, unknown>, root: string): LocatedProblem[] {
  if (!Array.isArray(asn.orders)) return [{ path: `${root}.orders`, message: 'must be an array of orders' }];
  const problems: LocatedProblem[] = [];
  asn.orders.forEach((order, orderIndex) => {
    const at = `${root}.orders[${orderIndex}]`;
    if (!isObject(order) || !Array.isArray(order.packs)) {
      problems.push({ path: `${at}.packs`, message: 'must be an array of packs' });
      return;
    }
    order.packs.forEach((pack, packIndex) => {
      const packPath = `${at}.packs[${packIndex}]`;
      if (!isObject(pack) || !Array.isArray(pack.items)) problems.push({ path: `${packPath}.items`, message: 'must be an array of items' });
      else problems.push(...located(checkShipNoticeItems(pack.items), `${packPath}.items`, 'ship notice item', SHIP_NOTICE_ITEM_FIELDS));
    });
  });
  return problems;
}
