import type Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { hashToken } from '../../auth/secret-token';
import { DomainError } from '../../projections/domain.errors';
import { withKeyAccess, type InvoiceKeyGrant, type KeyedInvoice } from './invoice-access';
import { INVOICE_KEY, KEY_DAYS_AFTER_PAID } from './invoice-key';
import { INVOICE_COLUMNS } from './invoice.service';
import type { Payment } from './invoice.type';

export interface KeyLookupLimit {
  /** Lookups per address per window, whatever they find (the page polls while a payment is confirmed). */
  perAddress: number;
  /** Lookups of keys that open nothing, per address per window: past them, none are looked up. */
  missesPerAddress: number;
  windowSeconds: number;
}

/**
 * A person opens their invoices, and the page asks again while Stripe
 * confirms a payment; a script trying keys meets the limit of misses soon.
 * (An office behind one address may hold a client's many contacts.)
 */
export const DEFAULT_KEY_LOOKUP_LIMIT: KeyLookupLimit = {
  perAddress: 600,
  missesPerAddress: 30,
  windowSeconds: 15 * 60,
};

export const TOO_MANY_KEY_LOOKUPS =
  'Too many invoice links were opened from this address. Wait a few minutes and try again.';

/**
 * Invoice keys from the emails: what a key opens, while it may. A key works
 * while it is not revoked (archive, email change, removal, portal off), its
 * contact is still a live contact of the invoice's client with the email it
 * was sent to, the client is not archived, the portal is on, the invoice is
 * neither a draft nor void, and, once paid, for 90 days. Lookups, and the
 * misses among them, are counted per address in Redis.
 */
export class InvoiceKeyService {
  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis,
    private readonly redisPrefix: string,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly limit: KeyLookupLimit = DEFAULT_KEY_LOOKUP_LIMIT,
  ) {}

  private keys(ip: string) {
    const base = `${this.redisPrefix}:rl:invoice-key:ip:${ip}`;
    return { all: base, misses: `${base}:misses` };
  }

  /**
   * Counts the lookup; past either limit (all lookups, or the misses so far),
   * TOO_MANY_REQUESTS. With Redis away the lookup goes through (logged).
   */
  private async count(ip: string): Promise<void> {
    const { all, misses } = this.keys(ip);
    let counts: [number, number];
    try {
      const results = await this.redis
        .multi()
        .incr(all)
        .expire(all, this.limit.windowSeconds, 'NX')
        .get(misses)
        .exec();
      counts = [Number(results?.[0]?.[1] ?? 0), Number(results?.[2]?.[1] ?? 0)];
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'invoice key lookups not counted: Redis unavailable',
      );
      return;
    }
    if (counts[0] > this.limit.perAddress || counts[1] >= this.limit.missesPerAddress) {
      this.logger.warn({ ip }, 'invoice key lookup refused: rate limit');
      throw new DomainError('TOO_MANY_REQUESTS', TOO_MANY_KEY_LOOKUPS, 'key');
    }
  }

  /** A key that opens nothing counts against the address's misses. */
  private async miss(ip: string): Promise<null> {
    const { misses } = this.keys(ip);
    try {
      await this.redis.multi().incr(misses).expire(misses, this.limit.windowSeconds, 'NX').exec();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'invoice key miss not counted: Redis unavailable');
    }
    return null;
  }

  /** What the key grants now; null for a key unknown, malformed or no longer valid. */
  async grant(key: string, ip: string): Promise<InvoiceKeyGrant | null> {
    await this.count(ip);
    if (!INVOICE_KEY.test(key)) return this.miss(ip);
    const now = this.clock();
    const { rows } = await this.pool.query(
      `SELECT k.id AS "keyId", k.workspace_id AS "workspaceId", k.client_id AS "clientId",
              k.contact_id AS "contactId", c.name AS "contactName", c.email AS "contactEmail",
              k.invoice_id AS "invoiceId", w.slug, k.last_used_at AS "lastUsedAt"
       FROM invoice_keys k
       JOIN contacts c ON c.id = k.contact_id AND c.client_id = k.client_id AND c.workspace_id = k.workspace_id
         AND NOT c.removed AND lower(c.email) = lower(k.email)
       JOIN clients cl ON cl.id = k.client_id AND cl.workspace_id = k.workspace_id AND NOT cl.archived
       JOIN workspaces w ON w.id = k.workspace_id AND w.portal_enabled
       JOIN invoices i ON i.id = k.invoice_id AND i.client_id = k.client_id AND i.workspace_id = k.workspace_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL
         AND i.status NOT IN ('DRAFT', 'VOID')
         AND (i.status <> 'PAID' OR i.paid_at IS NULL OR i.paid_at > $2::timestamptz - make_interval(days => $3))`,
      [hashToken(key), now, KEY_DAYS_AFTER_PAID],
    );
    const row = rows[0];
    if (!row) return this.miss(ip);
    const { lastUsedAt, ...grant } = row;
    if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() > 60_000)
      await this.pool.query('UPDATE invoice_keys SET last_used_at = $2 WHERE id = $1', [grant.keyId, now]);
    return { ...grant, key };
  }

  /** The one invoice the key opens, marked with the key (keyAccessOf); null when the key opens nothing. */
  async invoice(key: string, ip: string): Promise<KeyedInvoice | null> {
    const grant = await this.grant(key, ip);
    return grant ? this.invoiceOf(grant) : null;
  }

  async invoiceOf(grant: InvoiceKeyGrant): Promise<KeyedInvoice | null> {
    const { rows } = await this.pool.query(
      `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE id = $1 AND workspace_id = $2 AND client_id = $3`,
      [grant.invoiceId, grant.workspaceId, grant.clientId],
    );
    return rows[0] ? withKeyAccess(rows[0], grant) : null;
  }

  /** The payments of the invoice a key opened. */
  async payments(grant: InvoiceKeyGrant): Promise<Payment[]> {
    const { rows } = await this.pool.query(
      `SELECT id, invoice_id AS "invoiceId", amount::int, method, received_at AS "receivedAt" FROM invoice_payments
       WHERE invoice_id = $1 AND workspace_id = $2 ORDER BY received_at, id`,
      [grant.invoiceId, grant.workspaceId],
    );
    return rows;
  }
}
