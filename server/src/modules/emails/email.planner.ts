import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../event-store/event.types';
import type { PlannedEmailJob } from './email.jobs';
import type { InvoiceKeyMaker } from '../invoices/invoice-key';
import type { EmailSeal } from './email.seal';

export interface EmailPlanContext {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** Seals a job's secret before the job goes to Redis. */
  seal: EmailSeal;
  /** Makes the invoice keys of invoice emails (hashed into invoice_keys, in the planner's transaction). */
  keys: InvoiceKeyMaker;
}

/** The email jobs that follow one event (one per recipient), read in the processor's transaction. */
export type EmailPlanner = (
  event: RecordedEvent,
  db: PoolClient,
  context: EmailPlanContext,
) => Promise<PlannedEmailJob[]>;
