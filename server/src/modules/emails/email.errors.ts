/** A job that can never succeed (its link expired, its workspace is gone …): failed for good, not retried. */
export class PermanentEmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEmailError';
  }
}
