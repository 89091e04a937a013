import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import Stripe from 'stripe';
import { signInLinkFor, STRIPE_WEBHOOK_SECRET, type PortalStack } from './portal-stack.harness';

/** Asks for a sign-in link on the login page and returns the link from the email SendGrid was given. */
export async function requestLinkThroughPages(
  page: Page,
  stack: PortalStack,
  slug: string,
  email: string,
): Promise<string> {
  const before = stack.sendgrid.requests.length;
  await page.goto(`${stack.origin}/p/${slug}/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  return signInLinkFor(stack, email, before);
}

/** Signs a contact in as a person does: the login form, the email's link, Continue; ends on the projects page. */
export async function signInThroughPages(
  page: Page,
  stack: PortalStack,
  slug: string,
  email: string,
): Promise<void> {
  await page.goto(await requestLinkThroughPages(page, stack, slug, email));
  await page.getByRole('button', { name: /^Continue to / }).click();
  await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
}

/** Stripe's own signing helper (no key is used to sign: the webhook secret is). */
const webhooks = new Stripe('sk_test_signing').webhooks;

/** A signed checkout.session.completed (paid), delivered to the portal's webhook endpoint as Stripe would. */
export async function deliverCheckoutPaid(
  stack: PortalStack,
  checkout: { invoiceId: string; workspaceId: string; amount: number; currency?: string },
): Promise<Response> {
  const payload = JSON.stringify({
    id: `evt_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    livemode: false, // the stack's key is a test key; the platform's own account (no `account`)
    data: {
      object: {
        id: `cs_test_${randomBytes(8).toString('hex')}`,
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: checkout.amount,
        currency: checkout.currency ?? 'usd',
        payment_intent: `pi_${randomBytes(8).toString('hex')}`,
        client_reference_id: checkout.invoiceId,
        metadata: { invoiceId: checkout.invoiceId, workspaceId: checkout.workspaceId },
      },
    },
  });
  return fetch(`${stack.origin}/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': webhooks.generateTestHeaderString({ payload, secret: STRIPE_WEBHOOK_SECRET }),
    },
    body: payload,
  });
}
