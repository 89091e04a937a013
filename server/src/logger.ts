import pino, { type Logger } from 'pino';
import type { Config } from './config';

/** JSON lines in production; readable lines in development when pino-pretty is installed. */
export function createLogger(config: Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>, name = 'portal'): Logger {
  const level = config.NODE_ENV === 'test' && !process.env.LOG_LEVEL ? 'silent' : config.LOG_LEVEL;
  if (config.NODE_ENV === 'development') {
    try {
      require.resolve('pino-pretty');
      return pino({
        name,
        level,
        transport: {
          target: 'pino-pretty',
          options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
        },
      });
    } catch {
      // pino-pretty is a dev dependency; without it, JSON lines.
    }
  }
  return pino({ name, level });
}
