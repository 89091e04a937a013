import { Router } from 'express';
import type { Metrics } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics in Prometheus' text format, to loopback callers only; anyone
 * else gets 404. req.ip honours X-Forwarded-For from a loopback proxy (trust
 * proxy), so a request relayed by a local reverse proxy counts as the outside
 * client it comes from. A Prometheus on the same host (or a sidecar sharing
 * its network) scrapes it directly; nothing else needs a secret to manage.
 */
export function metricsRoutes(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (req, res, next) => {
    if (!LOOPBACK.has(req.ip ?? '')) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.setHeader('cache-control', 'no-store');
      res.type(metrics.registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
