import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';
import type { Config } from './config';

/** The request being served, if any: its id lands on every line logged while serving it. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Adds the request id of the request in hand, unless the logger or the line already carries it (the request's own line). */
function requestIdMixin(_merge: object, _level: number, logger: Logger): object {
  const scope = requestScope.getStore();
  if (!scope || 'requestId' in _merge || 'requestId' in logger.bindings()) return {};
  return { requestId: scope.requestId };
}

/** JSON lines in production; readable lines in development when pino-pretty is installed. */
export function createLogger(config: Pick<Config, 'NODE_ENV' | 'LOG_LEVEL'>, name = 'portal'): Logger {
  const level = config.NODE_ENV === 'test' && !process.env.LOG_LEVEL ? 'silent' : config.LOG_LEVEL;
  if (config.NODE_ENV === 'development') {
    try {
      require.resolve('pino-pretty');
      return pino({
        name,
        level,
        mixin: requestIdMixin,
        transport: {
          target: 'pino-pretty',
          options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
        },
      });
    } catch {
      // pino-pretty is a dev dependency; without it, JSON lines.
    }
  }
  return pino({ name, level, mixin: requestIdMixin });
}
