import { randomBytes } from 'node:crypto';

/** What only the append itself decides about each event it stores. */
export interface AppendFacts {
  globalPosition(index: number): string;
  hash(index: number): string;
  transactionId: string;
  recordedAt: Date;
}

/** The process's own prefix: random, so no value a user typed can be taken for a placeholder. */
export const PROCESS_TOKEN = `esph${randomBytes(12).toString('hex')}`;

/**
 * Stand-ins for what the append decides (es_command in
 * migrations/1765267200000-es-command.ts replaces them inside PostgreSQL),
 * so that the inline projections can write their statements before the
 * append has run. The time is one Date object that is not a time at all:
 * JSON gives its placeholder, `substitute` swaps it for its placeholder in a
 * statement's values, and anything else that reads it (getTime(),
 * toISOString(), formatting) gets NaN or throws, so a projection that would
 * compute with the time is found out and the command takes the transaction
 * path instead.
 */
export class AppendPlaceholders implements AppendFacts {
  readonly token = PROCESS_TOKEN;
  readonly transactionId = `${PROCESS_TOKEN}x_`;
  private readonly time = `${PROCESS_TOKEN}t_`;
  readonly recordedAt = Object.defineProperty(new Date(NaN), 'toJSON', { value: () => this.time });

  globalPosition(index: number): string {
    return `${PROCESS_TOKEN}g${index + 1}_`;
  }

  hash(index: number): string {
    return `${PROCESS_TOKEN}h${index + 1}_`;
  }

  /** For sqlLiteral: the time's placeholder in place of the time. */
  readonly substitute = (value: unknown): unknown => (value === this.recordedAt ? this.time : value);
}
