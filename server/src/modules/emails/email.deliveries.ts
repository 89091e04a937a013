import type { Queryable } from '../../db/queryable';
import type { EmailJobData } from './email.jobs';

/** sending: handed to the provider, no answer yet (a worker killed meanwhile leaves it so: outcome unknown). */
export type DeliveryStatus = 'sending' | 'retrying' | 'sent' | 'failed';

export interface DeliveryOutcome {
  jobId: string;
  data: EmailJobData;
  status: DeliveryStatus;
  attempts: number;
  reason?: string | null;
  providerMessageId?: string | null;
}

/** What became of each email job (one row per job, updated at each attempt); never its link. */
export class EmailDeliveries {
  constructor(private readonly db: Queryable) {}

  async status(jobId: string): Promise<DeliveryStatus | null> {
    const { rows } = await this.db.query('SELECT status FROM email_deliveries WHERE job_id = $1', [jobId]);
    return rows[0]?.status ?? null;
  }

  /** Records an attempt's outcome; a delivery once sent stays sent. */
  async record(outcome: DeliveryOutcome): Promise<void> {
    await this.db.query(
      `INSERT INTO email_deliveries
         (job_id, event_id, workspace_id, kind, recipient, status, attempts, reason, provider_message_id, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $6 = 'sent' THEN now() END)
       ON CONFLICT (job_id) DO UPDATE SET
         status = EXCLUDED.status,
         attempts = EXCLUDED.attempts,
         reason = EXCLUDED.reason,
         provider_message_id = EXCLUDED.provider_message_id,
         sent_at = EXCLUDED.sent_at,
         updated_at = now()
       WHERE email_deliveries.status <> 'sent'`,
      [
        outcome.jobId,
        outcome.data.eventId,
        outcome.data.workspaceId,
        outcome.data.kind,
        outcome.data.to.email,
        outcome.status,
        outcome.attempts,
        outcome.reason ?? null,
        outcome.providerMessageId ?? null,
      ],
    );
  }
}
