import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../event-store/event.types';
import type { PlannedEmailJob } from './email.jobs';

export interface EmailPlanContext {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}

/** The email jobs that follow one event (one per recipient), read in the processor's transaction. */
export type EmailPlanner = (
  event: RecordedEvent,
  db: PoolClient,
  context: EmailPlanContext,
) => Promise<PlannedEmailJob[]>;
