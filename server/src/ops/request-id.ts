import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** A request id we take from a caller (or a proxy) as it is; anything else is replaced. */
export const REQUEST_ID = /^[\w.-]{1,100}$/;

/** The id of a request: set by requestLogging() (first middleware), or a fresh one where it did not run. */
export function requestIdOf(req: IncomingMessage): string {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' && id ? id : randomUUID();
}

/**
 * The first middleware: takes `x-request-id` when it looks sane or makes one,
 * echoes it as the response's `x-request-id`, logs each request once when it
 * finishes (method, path, status, ms; at error for a 5xx, warn when the client
 * went away before the answer). Written out rather than pino-http: that made
 * a child logger and its bindings for every request, logged or not, a tenth
 * of the API's CPU on `{ __typename }`. No AsyncLocalStorage carries the id
 * to other lines: on Node 20 it hooks every promise of the process, and cost
 * { __typename } about a sixth of its throughput; the lines that need the id
 * (a GraphQL operation's internal error, internal-errors.plugin.ts) are given
 * it.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const header = req.headers['x-request-id'];
    const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    (req as Request & { id?: string }).id = id;
    res.setHeader('x-request-id', id);
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const level = res.statusCode >= 500 ? 'error' : res.writableFinished ? 'info' : 'warn';
      if (!logger.isLevelEnabled(level)) return;
      // The query string may hold a token (/admin/queues?token=…): the path only.
      const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
      logger[level](
        {
          requestId: id,
          req: { method: req.method, path },
          res: { status: res.statusCode },
          ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        },
        res.writableFinished
          ? `${req.method} ${path} ${res.statusCode}`
          : `${req.method} ${path}: the client went away before the answer`,
      );
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
}
