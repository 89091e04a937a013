import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestScope } from '../logger';

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
 * finishes (method, path, status, ms) and runs the rest of the request in a
 * scope whose log lines all carry `requestId` (see logger.ts).
 */
export function requestLogging(logger: Logger): RequestHandler {
  const http = pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
    genReqId: (req, res) => {
      const header = req.headers['x-request-id'];
      const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      // The query string may hold a token (/admin/queues?token=…): the path only.
      req: (req: { method: string; url: string; originalUrl?: string }) => ({
        method: req.method,
        path: (req.originalUrl ?? req.url).split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    wrapSerializers: false,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) =>
      `${req.method} ${((req as Request).originalUrl ?? req.url ?? '').split('?')[0]} ${res.statusCode}`,
  });
  return (req, res, next) => {
    http(req, res);
    requestScope.run({ requestId: requestIdOf(req) }, next);
  };
}
