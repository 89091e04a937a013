/** The stream was not at the version the append expected: someone else wrote first. */
export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(`stream ${streamId} is at version ${actualVersion ?? 'none'}, expected ${expectedVersion}`);
  }
}
