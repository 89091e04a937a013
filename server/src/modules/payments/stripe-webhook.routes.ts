import express, { Router } from 'express';
import type Stripe from 'stripe';
import type { AppContext } from '../../app-context';
import { stripeWebhooks } from '../../integrations/stripe.client';

/**
 * POST /webhooks/stripe: the raw body (mounted before any JSON parser), its
 * signature checked against STRIPE_WEBHOOK_SECRET. A bad signature is 400 and
 * records nothing; a signed event from another account or the other mode is
 * 200, records nothing, and is logged as a warning. A payment is one command (a single transaction) and the
 * answer follows it; the emails it leads to go through the outbox and the
 * worker, never before the 2xx.
 */
export function stripeWebhookRoutes(context: AppContext): Router {
  const router = Router();
  // Made at the first webhook: the SDK is not loaded with the API.
  let webhooks: Stripe['webhooks'] | null = null;
  const logger = context.logger.child({ route: 'stripe-webhook' });
  router.post('/webhooks/stripe', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const secret = context.config.STRIPE_WEBHOOK_SECRET;
    if (!secret) {
      res.status(503).json({ error: 'Stripe webhooks are not set up (no STRIPE_WEBHOOK_SECRET)' });
      return;
    }
    const signature = req.headers['stripe-signature'];
    let event: Stripe.Event;
    try {
      if (typeof signature !== 'string' || !Buffer.isBuffer(req.body))
        throw new Error('no signature or body');
      event = (webhooks ??= stripeWebhooks()).constructEvent(req.body, signature, secret);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'stripe webhook refused: bad signature');
      res.status(400).json({ error: 'bad signature' });
      return;
    }
    try {
      const outcome = await context.services.payments.handleStripeEvent(event);
      const log = { stripeEvent: event.id, type: event.type, ...outcome };
      // Refused: signed by Stripe, but not this workspace's account or not the key's mode. Answered 200
      // all the same (another 2xx-less delivery would change nothing), and worth a look.
      if (outcome.result === 'refused')
        logger.warn(log, "stripe event refused: not from the workspace's account or not in the key's mode");
      else if (outcome.result === 'ignored') logger.warn(log, 'stripe event ignored');
      else logger.info(log, 'stripe event handled');
      res.status(200).json({ received: true });
    } catch (error) {
      // Stripe delivers again on a 5xx: the database being away is worth another try.
      logger.error({ err: error, stripeEvent: event.id }, 'stripe event failed');
      res.status(500).json({ error: 'could not record the event; deliver it again' });
    }
  });
  return router;
}
