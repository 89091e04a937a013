import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';

/** A JSON body in UTF-8, as express.json() takes it (any other charset or type goes through express). */
const JSON_UTF8 = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const LENGTH = /^\d{1,9}$/;

/** What the listener could not answer (a body that does not parse, a handler that failed), for express to (takeListenerFailure). */
const failures = new WeakMap<IncomingMessage, Error>();

export interface GraphQLPostOptions {
  /** The request id, its log line, the latency histogram…: each calls next() at once. */
  front: RequestHandler;
  /** Apollo's handler, given `req.body` parsed. */
  graphql: RequestHandler;
  /** What express.json() is given as its limit, in bytes. */
  limitBytes: number;
}

/**
 * The HTTP server's listener: a POST to /graphql with a JSON body of a known
 * length, nearly every request the API gets, goes straight to Apollo's
 * handler after the same front the app's first middleware runs; anything else
 * (another path, a chunked or compressed body, another charset, a body over
 * the limit, a body that is not JSON) goes to the express app, which answers it
 * as it always did. Express's routers, its body parser and its ETag cost
 * `{ __typename }` about a third of its throughput for nothing the answer
 * needs. The request and response still get express's prototypes, so
 * `req.ip` (trust proxy), `res.cookie` and `res.send` are the app's own.
 */
export function graphqlPostListener(app: Express, options: GraphQLPostOptions): RequestListener {
  const { front, graphql, limitBytes } = options;
  return (incoming, outgoing) => {
    if (!takes(incoming, limitBytes)) return app(incoming, outgoing);
    const req = adopt(app, incoming, outgoing);
    const res = req.res!;
    front(req, res, noop);
    readBody(req, (text) => {
      let body: unknown;
      try {
        body = parseJsonBody(text);
      } catch (error) {
        failures.set(req, error as Error);
        return app(req, res);
      }
      req.body = body;
      Promise.resolve(graphql(req, res, noop)).catch((error: unknown) => {
        failures.set(req, error as Error);
        if (!res.headersSent) app(req, res);
        else res.destroy();
      });
    });
  };
}

/**
 * The app's own POST /graphql middleware before its JSON parser: a request the
 * listener read and could not parse, or whose handler failed, is answered by
 * express's error handling, as express.json()'s refusal would have been.
 */
export function takeListenerFailure(req: Request, _res: Response, next: NextFunction): void {
  const failure = failures.get(req);
  if (failure) {
    failures.delete(req);
    return next(failure);
  }
  next();
}

/**
 * The app's first middleware, from handlers that each call next() at once: run
 * once per request, whether the listener or express got it first.
 */
export function frontOf(handlers: RequestHandler[]): RequestHandler {
  const fronted = new WeakSet<IncomingMessage>();
  return (req, res, next) => {
    if (!fronted.has(req)) {
      fronted.add(req);
      for (const handler of handlers) handler(req, res, noop);
    }
    next();
  };
}

function takes(req: IncomingMessage, limitBytes: number): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const { headers } = req;
  const length = headers['content-length'];
  if (!length || !LENGTH.test(length) || Number(length) === 0 || Number(length) > limitBytes) return false;
  if (headers['transfer-encoding'] !== undefined) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  return JSON_UTF8.test(headers['content-type'] ?? '');
}

/** What express's app.handle does before its router: the circular references, the prototypes, locals. */
function adopt(app: Express, incoming: IncomingMessage, outgoing: ServerResponse): Request {
  const req = incoming as Request;
  const res = outgoing as Response;
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  res.locals = Object.create(null);
  req.originalUrl = req.url;
  return req;
}

/** The body as text; nothing when the client went away first (the front's close listener logs that). */
function readBody(req: IncomingMessage, then: (text: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () =>
    then(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')),
  );
  req.once('error', () => req.destroy());
}

/** express.json()'s strict parse: an object or an array, else 400 as its refusal is. */
function parseJsonBody(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw badRequest(`Unexpected token ${first ?? 'end'} in JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest((error as Error).message);
  }
}

function badRequest(message: string): Error {
  return Object.assign(new SyntaxError(message), {
    status: 400,
    statusCode: 400,
    expose: true,
    type: 'entity.parse.failed',
  });
}

const noop = () => undefined;
