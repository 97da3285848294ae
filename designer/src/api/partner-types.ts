// Trading partner types as GET /api/partners answers them (hand-written from runtime/store/partner-store.ts; never secrets).
export interface PartnerIdentifiers { isaQualifier?: string; isaId?: string; gsId?: string; gln?: string; edifactId?: string }
export interface PartnerSla { ackWithinHours?: number; functionalAckWithinMinutes?: number; asnWithinHoursOfShipment?: number; asnBeforeArrivalHours?: number; invoiceWithinDays?: number }

export interface Partner {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  identifiers: PartnerIdentifiers;
  sla: PartnerSla;
  authMethod: 'api-key' | 'hmac';
  rateLimit: { perSecond: number; burst: number };
  webhookUrl?: string;
  tolerance?: { quantityPct: number; pricePct: number; dateDays: number };
  legacyV1Signatures: boolean;
  maskFields: string[];
  hasApiKey: boolean;
  hasHmacSecret: boolean;
  hasWebhookSecret: boolean;
  credentialsRotatedAt?: string;
}

/** The answer of POST /api/partners/:id/rotate-key: the only time the new value is ever sent. */
export interface RotatedCredential {
  partnerId: string;
  credential: 'api-key' | 'hmac-secret' | 'webhook-secret';
  apiKey?: string;
  hmacSecret?: string;
  webhookSecret?: string;
  rotatedAt: string;
}

/** The settings PUT /api/partners/:id replaces: a partner without its read-only fields. */
export function editableSettings(partner: Partner): Record<string, unknown> {
  const { id: _id, hasApiKey: _a, hasHmacSecret: _h, hasWebhookSecret: _w, credentialsRotatedAt: _r, ...rest } = partner as Partner & Record<string, unknown>;
  delete rest.createdAt;
  delete rest.updatedAt;
  return rest;
}
