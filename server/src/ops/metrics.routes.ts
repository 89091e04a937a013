import { Router } from 'express';
import type { Metrics } from './metrics';
import { operatorOnly } from './operator-only';

/**
 * GET /metrics in Prometheus' text format, for the operator only
 * (operator-only.ts): a Prometheus on the same host scrapes it directly, one
 * elsewhere sends OPS_TOKEN as its bearer token.
 */
export function metricsRoutes(metrics: Metrics, opsToken: string | undefined): Router {
  const router = Router();
  router.get('/metrics', operatorOnly(opsToken), async (_req, res, next) => {
    try {
      const body = await metrics.registry.metrics();
      res.type(metrics.registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
