// The key that signs alert webhooks: TRADELANE_ALERT_WEBHOOK_SECRET, else one generated once and stored sealed in SQL (shared by a cluster).
import { randomBytes } from 'node:crypto';
import type { Secrets } from '../../nodes/sdk/index.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';

export const WEBHOOK_SECRET_STATE = 'alert-webhook-secret';

export interface WebhookSecret {
  value: string;
  /** generated: made on this start; shown once in the start banner, never in an API answer. */
  source: 'environment' | 'generated' | 'stored';
}

export async function loadAlertWebhookSecret(database: SqlDatabase, sealing: Secrets, fromEnvironment: string | undefined, now: () => number): Promise<WebhookSecret> {
  if (fromEnvironment) return { value: fromEnvironment, source: 'environment' };
  const db = database.db;
  const stored = await db.selectFrom('ops_state').select('value').where('name', '=', WEBHOOK_SECRET_STATE).executeTakeFirst();
  if (stored) return { value: sealing.decrypt(stored.value), source: 'stored' };
  const value = `tla_${randomBytes(32).toString('base64url')}`;
  // Insert-if-absent: when two runtimes start at once, both end up with the one that was stored first.
  const inserted = await db.insertInto('ops_state').values({ name: WEBHOOK_SECRET_STATE, value: sealing.encrypt(value), updated_at: now() })
    .onConflict((conflict) => conflict.column('name').doNothing()).returning('name').executeTakeFirst();
  if (inserted) return { value, source: 'generated' };
  const winner = await db.selectFrom('ops_state').select('value').where('name', '=', WEBHOOK_SECRET_STATE).executeTakeFirstOrThrow();
  return { value: sealing.decrypt(winner.value), source: 'stored' };
}
