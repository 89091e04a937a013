import type { BaseContext } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { getOperationAST, type DocumentNode } from 'graphql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from '../app-context';
import { errorCodeOf } from '../graphql/errors';
import type { RequestPlugin } from '../graphql/request-hooks.plugin';
import type { OpsQueues } from './ops-queues';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** Operation names are the clients' to choose: at most this many distinct ones, then "other". */
const MAX_OPERATION_NAMES = 200;
/** How long a scrape waits on Redis for one queue's counts before leaving it out. */
const QUEUE_TIMEOUT_MS = 1_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

function operationNameIn(document: DocumentNode | undefined): string | undefined {
  if (!document) return undefined;
  try {
    return getOperationAST(document)?.name?.value;
  } catch {
    return undefined;
  }
}

/** The route of a request as a label: the matched pattern, never the raw path (ids would make the series unbounded). */
function routeOf(req: Request, status: number): string {
  if (req.route?.path) return `${req.baseUrl ?? ''}${String(req.route.path)}`;
  const path = req.originalUrl.split('?')[0];
  for (const prefix of ['/graphql', '/admin/queues', '/p/']) if (path.startsWith(prefix)) return prefix;
  return status === 404 ? 'unmatched' : 'other';
}

/** The metrics of one API: a registry of its own, so that two APIs in one process (tests) don't mix. */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly graphqlOperations: Counter<'operation' | 'type'>;
  readonly graphqlErrors: Counter<'operation' | 'code'>;

  constructor(context: AppContext, queues: OpsQueues) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'portal_' });
    this.httpDuration = new Histogram({
      name: 'portal_http_request_duration_seconds',
      help: 'HTTP requests by method, route and status: how long they took',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.graphqlOperations = new Counter({
      name: 'portal_graphql_operations_total',
      help: 'GraphQL operations resolved, by operation name and type',
      labelNames: ['operation', 'type'],
      registers,
    });
    this.graphqlErrors = new Counter({
      name: 'portal_graphql_errors_total',
      help: 'Errors in GraphQL responses, by operation name and error code',
      labelNames: ['operation', 'code'],
      registers,
    });
    new Gauge({
      name: 'portal_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (read on scrape; a queue whose Redis does not answer is left out)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        await Promise.all(
          queues.queues.map(async (queue) => {
            try {
              const counts = await within(queue.getJobCounts(...QUEUE_STATES), QUEUE_TIMEOUT_MS);
              for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
            } catch (error) {
              context.logger.debug(
                { err: (error as Error).message, queue: queue.name },
                'metrics: queue left out',
              );
            }
          }),
        );
      },
    });
    const answers = context.services.answers;
    new Counter({
      name: 'portal_graphql_kept_answers_total',
      help: "Queries' answers since start: given from memory (hit), computed with none kept or the kept one past its time (miss), computed again because the workspace's log had moved (stale), computed without asking the log while the log outran its answers (rested)",
      labelNames: ['outcome'],
      registers,
      collect() {
        this.reset();
        this.inc({ outcome: 'hit' }, answers.hits);
        this.inc({ outcome: 'miss' }, answers.misses);
        this.inc({ outcome: 'stale' }, answers.stale);
        this.inc({ outcome: 'rested' }, answers.rested);
      },
    });
    new Gauge({
      name: 'portal_processor_lag_events',
      help: 'Events in the log after each async processor checkpoint',
      labelNames: ['processor'],
      registers,
      async collect() {
        this.reset();
        // Counts the events past each checkpoint on every scrape: an index range
        // scan on (transaction_id, global_position), cheap while processors keep
        // up, as costly as the backlog when one falls far behind. Fine for now;
        // a processor could publish its position instead if that ever matters.
        try {
          const { rows } = await context.pool.query<{ processor: string; lag: string }>(
            `SELECT c.processor,
                    (SELECT count(*) FROM es_events e
                      WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) AS lag
               FROM es_checkpoints c`,
          );
          for (const row of rows) this.set({ processor: row.processor }, Number(row.lag));
        } catch (error) {
          context.logger.warn({ err: (error as Error).message }, 'metrics: processor lag unavailable');
        }
      },
    });
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const label = name.slice(0, 64);
    if (this.operationNames.has(label)) return label;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(label);
    return label;
  }

  /** Times every request: first middleware (after the request id). */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.once('finish', () => {
        end({ method: req.method, route: routeOf(req, res.statusCode), status: String(res.statusCode) });
      });
      next();
    };
  }

  /** Counts operations once resolved (named, valid) and the errors of every response. */
  apolloPlugin(): RequestPlugin<BaseContext> {
    return () => ({
      didResolveOperation: ({ operationName, operation }) => {
        this.graphqlOperations.inc({
          operation: this.operationLabel(operationName),
          type: operation?.operation ?? 'unknown',
        });
      },
      didEncounterErrors: ({ operationName, request, document, errors }) => {
        // Before resolution (a validation error), the name as the document gives it.
        const named = operationName ?? request.operationName ?? operationNameIn(document);
        const operation = this.operationLabel(named);
        // The errors as thrown (a refused command is a DomainError whose code formatError puts
        // in extensions later): labelled with the code the answer carries.
        for (const error of errors)
          this.graphqlErrors.inc({ operation, code: errorCodeOf(error).slice(0, 64) });
      },
    });
  }
}
