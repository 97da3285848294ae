// Deterministic customer seed of the demo ERP: customer accounts and their contract prices, for the customer-portal templates.

export type AccountStatus = 'active' | 'on-hold' | 'closed';

export interface CustomerAccount {
  account: string;
  name: string;
  status: AccountStatus;
  currency: string;
  /** Open orders may not push the balance above this. */
  creditLimit: number;
  openBalance: number;
  /** Where the customer's orders ship from. */
  location: string;
}

export interface ContractPrice {
  sku: string;
  unitPrice: number;
  uom: string;
  /** The smallest quantity the contract allows per line. */
  minQty: number;
}

export const SEEDED_ACCOUNTS: readonly CustomerAccount[] = [
  { account: 'C-1001', name: 'Harbor Hardware', status: 'active', currency: 'USD', creditLimit: 50_000, openBalance: 1_200, location: 'DC-EAST' },
  { account: 'C-1002', name: 'Summit Supply', status: 'active', currency: 'USD', creditLimit: 5_000, openBalance: 4_900, location: 'DC-WEST' },
  { account: 'C-1003', name: 'Prairie Tools', status: 'on-hold', currency: 'USD', creditLimit: 20_000, openBalance: 0, location: 'DC-EAST' },
];

/** Contract prices per account; an item not listed is not sold to that customer. */
export const SEEDED_CONTRACT_PRICES: Readonly<Record<string, readonly ContractPrice[]>> = {
  'C-1001': [
    { sku: 'SKU-10001', unitPrice: 0.16, uom: 'EA', minQty: 10 },
    { sku: 'SKU-10002', unitPrice: 0.04, uom: 'EA', minQty: 100 },
    { sku: 'SKU-20001', unitPrice: 4.1, uom: 'PK', minQty: 1 },
    { sku: 'SKU-50001', unitPrice: 22.5, uom: 'EA', minQty: 1 },
  ],
  'C-1002': [
    { sku: 'SKU-10001', unitPrice: 0.17, uom: 'EA', minQty: 10 },
    { sku: 'SKU-30001', unitPrice: 9.2, uom: 'BX', minQty: 1 },
  ],
  'C-1003': [{ sku: 'SKU-10001', unitPrice: 0.17, uom: 'EA', minQty: 10 }],
};
