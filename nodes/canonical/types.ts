// TypeScript shapes of the canonical documents; they mirror schemas/*.ts (v1) property for property.

/** Calendar date "YYYY-MM-DD". */
export type IsoDate = string;
/** RFC 3339 timestamp. */
export type IsoDateTime = string;
/** Free-form fields outside the canonical model. */
export type Extensions = Record<string, unknown>;

export interface PartyIdentifiers {
  gln?: string;
  duns?: string;
  supplierId?: string;
  customerId?: string;
  assignedByBuyer?: string;
  assignedBySeller?: string;
  /** Further identifiers by qualifier name. */
  [qualifier: string]: string | undefined;
}

export interface Address {
  lines: string[];
  city: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface Party {
  name?: string;
  ids: PartyIdentifiers;
  address?: Address;
}

export interface Location {
  code?: string;
  gln?: string;
  name?: string;
  address?: Address;
}

export interface PaymentTerms {
  code?: string;
  netDays?: number;
  discountPercent?: number;
  discountDays?: number;
  description?: string;
}

/** A product id beyond sku / supplierItem / gtin, by its EDI qualifier. */
export interface ItemId {
  qualifier: string;
  value: string;
}

/** One delivery of a split schedule: quantity and date (and, in acknowledgements, its status). */
export interface ScheduleLine {
  qty: number;
  uom?: string;
  date?: IsoDate;
  status?: AckLineStatus;
  statusCode?: string;
}

export interface PurchaseOrderLine {
  line: number;
  lineId?: string;
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  itemIds?: ItemId[];
  description?: string;
  qty: number;
  uom: string;
  unitPrice?: number;
  grossUnitPrice?: number;
  schedule?: ScheduleLine[];
  requestedDate?: IsoDate;
  extensions?: Extensions;
}

export interface PurchaseOrder {
  poNumber: string;
  purpose?: 'original' | 'change' | 'cancel';
  orderDate: IsoDate;
  partnerId?: string;
  buyer: Party;
  supplier: Party;
  currency?: string;
  shipTo?: Location;
  billTo?: Location;
  requestedDeliveryDate?: IsoDate;
  terms?: PaymentTerms;
  notes?: string;
  lines: PurchaseOrderLine[];
  extensions?: Extensions;
}

export type AckHeaderStatus = 'accepted' | 'changed' | 'rejected';
export type AckLineStatus = 'accepted' | 'rejected' | 'changed' | 'backordered';

export interface PurchaseOrderAcknowledgementLine {
  line: number;
  lineId?: string;
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  itemIds?: ItemId[];
  description?: string;
  status: AckLineStatus;
  orderedQty?: number;
  promisedQty?: number;
  uom?: string;
  promisedUnitPrice?: number;
  grossUnitPrice?: number;
  promisedDate?: IsoDate;
  requestedDate?: IsoDate;
  schedule?: ScheduleLine[];
  reason?: string;
  extensions?: Extensions;
}

export interface PurchaseOrderAcknowledgement {
  poNumber: string;
  ackNumber?: string;
  ackDate: IsoDate;
  status: AckHeaderStatus;
  partnerId?: string;
  supplier?: Party;
  buyer?: Party;
  currency?: string;
  notes?: string;
  lines: PurchaseOrderAcknowledgementLine[];
  extensions?: Extensions;
}

export interface ShipNoticeItem {
  line: number;
  lineId?: string;
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  itemIds?: ItemId[];
  description?: string;
  qty: number;
  uom: string;
  lot?: string;
  expiryDate?: IsoDate;
  serialNumbers?: string[];
  extensions?: Extensions;
}

export interface ShipNoticePack {
  /** 18-digit SSCC. */
  sscc: string;
  packagingCode?: string;
  grossWeight?: number;
  weightUom?: string;
  items: ShipNoticeItem[];
}

export interface ShipNoticeOrder {
  poNumber: string;
  orderDate?: IsoDate;
  packs: ShipNoticePack[];
}

export interface Carrier {
  scac?: string;
  code?: string;
  codeQualifier?: string;
  name?: string;
  mode?: 'parcel' | 'ltl' | 'ftl' | 'ocean' | 'air' | 'rail' | 'courier' | 'other';
}

export interface AdvanceShipNotice {
  asnNumber: string;
  purpose?: 'original' | 'replace' | 'cancel';
  issueDate?: IsoDateTime;
  shipDate: IsoDate;
  estimatedDeliveryDate?: IsoDate;
  partnerId?: string;
  supplier?: Party;
  shipFrom?: Location;
  shipTo?: Location;
  carrier: Carrier;
  trackingNumbers?: string[];
  proNumber?: string;
  bolNumber?: string;
  packCount?: number;
  grossWeight?: number;
  weightUom?: string;
  orders: ShipNoticeOrder[];
  extensions?: Extensions;
}

export interface Tax {
  type: string;
  /** Percent. */
  rate?: number;
  taxableAmount?: number;
  amount: number;
}

export interface InvoiceLine {
  line: number;
  lineId?: string;
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  itemIds?: ItemId[];
  description?: string;
  qty: number;
  uom: string;
  unitPrice: number;
  grossUnitPrice?: number;
  amount?: number;
  taxes?: Tax[];
  extensions?: Extensions;
}

export interface InvoiceCharge {
  type: 'charge' | 'allowance';
  code?: string;
  description?: string;
  amount: number;
}

export interface InvoiceTotals {
  subtotal: number;
  taxTotal?: number;
  chargeTotal?: number;
  allowanceTotal?: number;
  total: number;
}

export interface Invoice {
  invoiceNumber: string;
  invoiceType?: 'invoice' | 'credit-note' | 'debit-note';
  invoiceDate: IsoDate;
  dueDate?: IsoDate;
  shipDate?: IsoDate;
  poNumber: string;
  asnNumber?: string;
  partnerId?: string;
  supplier: Party;
  buyer?: Party;
  remitTo?: Party;
  shipTo?: Location;
  currency?: string;
  terms?: PaymentTerms;
  lines: InvoiceLine[];
  taxes?: Tax[];
  charges?: InvoiceCharge[];
  totals: InvoiceTotals;
  extensions?: Extensions;
}

export interface InventoryPositionLine {
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  location?: string;
  qtyOnHand: number;
  qtyAvailable?: number;
  qtyAllocated?: number;
  qtyOnOrder?: number;
  uom: string;
  nextAvailableDate?: IsoDate;
  extensions?: Extensions;
}

export interface InventoryPosition {
  reportId?: string;
  asOf: IsoDateTime;
  partnerId?: string;
  location?: Location;
  lines: InventoryPositionLine[];
  extensions?: Extensions;
}

export interface PriceUpdateLine {
  sku?: string;
  supplierItem?: string;
  gtin?: string;
  description?: string;
  uom: string;
  unitPrice: number;
  previousUnitPrice?: number;
  minQty?: number;
  effectiveDate?: IsoDate;
  extensions?: Extensions;
}

export interface PriceUpdate {
  priceListId?: string;
  effectiveDate: IsoDate;
  expirationDate?: IsoDate;
  currency: string;
  partnerId?: string;
  supplier?: Party;
  lines: PriceUpdateLine[];
  extensions?: Extensions;
}

export interface Item {
  sku: string;
  supplierItem?: string;
  supplierId?: string;
  gtin?: string;
  description: string;
  uom: string;
  alternateUoms?: Array<{ uom: string; factor: number }>;
  status: 'active' | 'inactive' | 'discontinued';
  unitPrice?: number;
  currency?: string;
  weight?: number;
  weightUom?: string;
  extensions?: Extensions;
}

export interface Contact {
  name: string;
  role?: string;
  email?: string;
  phone?: string;
}

export interface Supplier {
  supplierId: string;
  name: string;
  ids?: PartyIdentifiers;
  address?: Address;
  contacts?: Contact[];
  currency?: string;
  terms?: PaymentTerms;
  status: 'active' | 'inactive' | 'blocked';
  extensions?: Extensions;
}

export interface Customer {
  customerId: string;
  name: string;
  ids?: PartyIdentifiers;
  billTo?: Address;
  shipTo?: Location[];
  contacts?: Contact[];
  currency?: string;
  terms?: PaymentTerms;
  creditLimit?: number;
  status: 'active' | 'inactive' | 'blocked';
  extensions?: Extensions;
}

export interface ReturnAuthorizationLine {
  line: number;
  sku?: string;
  supplierItem?: string;
  description?: string;
  qty: number;
  uom: string;
  unitPrice?: number;
  reasonCode: string;
  disposition?: 'credit' | 'replace' | 'repair' | 'scrap' | 'return-to-stock';
  lot?: string;
  extensions?: Extensions;
}

export interface ReturnAuthorization {
  rmaNumber: string;
  rmaDate: IsoDate;
  status: 'requested' | 'approved' | 'rejected' | 'received' | 'closed';
  partnerId?: string;
  customer?: Party;
  supplier?: Party;
  poNumber?: string;
  invoiceNumber?: string;
  returnTo?: Location;
  expiresOn?: IsoDate;
  notes?: string;
  lines: ReturnAuthorizationLine[];
  extensions?: Extensions;
}

/** Document name -> its TypeScript shape, matching the schema registry's names. */
export interface CanonicalDocuments {
  PurchaseOrder: PurchaseOrder;
  PurchaseOrderAcknowledgement: PurchaseOrderAcknowledgement;
  AdvanceShipNotice: AdvanceShipNotice;
  Invoice: Invoice;
  InventoryPosition: InventoryPosition;
  PriceUpdate: PriceUpdate;
  Item: Item;
  Supplier: Supplier;
  Customer: Customer;
  ReturnAuthorization: ReturnAuthorization;
}
