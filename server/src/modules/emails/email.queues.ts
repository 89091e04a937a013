/**
 * The BullMQ queues of outgoing email, named in one place so that producers
 * (the email dispatcher) and consumers (the email worker) agree.
 */
export const EMAIL_QUEUE = 'emails';

/** The key prefix unless told otherwise: REDIS_PREFIX's default (the service passes REDIS_PREFIX; tests, one of their own). */
export const DEFAULT_QUEUE_PREFIX = 'portal';

/** Retries of one email job: 8 attempts, 5 s doubling (5 s … 320 s, about 10½ minutes in all). */
export const EMAIL_JOB_ATTEMPTS = 8;
export const EMAIL_JOB_BACKOFF_MS = 5_000;

/**
 * Finished jobs stay this long, so that a job id seen again within it (a
 * replay of the log) is recognised and not queued twice. Their data no longer
 * holds any link by then (see email.worker.ts).
 */
export const KEEP_COMPLETED_SECONDS = 7 * 24 * 3600;
export const KEEP_FAILED_SECONDS = 30 * 24 * 3600;
