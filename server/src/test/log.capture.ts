import pino, { type Logger } from 'pino';

export interface CapturedLogs {
  logger: Logger;
  /** Every line logged at the level or above, parsed. */
  lines: Record<string, unknown>[];
  /** The lines at warn (40). */
  warnings(): Record<string, unknown>[];
}

/** A pino logger that keeps its lines in memory, for a test that checks what was logged. */
export function captureLogs(level: pino.Level = 'info'): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines, warnings: () => lines.filter((line) => line.level === 40) };
}
