import { randomBytes } from 'node:crypto';
import { createMailer } from '../../server/src/integrations/mailer.factory';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../server/src/test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
} from '../../server/src/test/email.fixture';
import { startLivePublisher } from '../../server/src/test/live.client';
import { notificationsRunner } from '../../server/src/test/notification.fixture';
import { freePort } from '../../server/src/test/redis-server';
import type { ProcessorRunner } from '../../server/src/projections/async-processor';
import { SendGridDouble } from '../../server/src/test/sendgrid.double';
import { StripeDouble } from '../../server/src/test/stripe.double';

export const STRIPE_WEBHOOK_SECRET = 'whsec_e2e_secret';

/**
 * The whole product for a browser: the real API serving the built portal on
 * http://localhost:PORT (which is also its PUBLIC_URL, so email links and the
 * S3 bucket's CORS rule name the page's own origin), the email dispatcher and
 * worker sending through @sendgrid/mail to a local SendGrid double, the
 * live publisher (timelines update over the WebSocket) and the notifications
 * processor (the console's badge), as the worker runs them, and Stripe's SDK
 * aimed at a local Stripe double.
 */
export interface PortalStack {
  api: TestApi;
  /** http://localhost:PORT, the origin the browser opens. */
  origin: string;
  /** The file store's origin as browsers reach it (the embedded S3 server, on another loopback port): uploads and downloads. */
  s3Origin: string;
  sendgrid: SendGridDouble;
  stripe: StripeDouble;
  pipeline: EmailPipeline;
  /** The worker's other async processors the pages depend on: the live publisher and the notifications processor. */
  processors: ProcessorRunner[];
  stop(): Promise<void>;
}

export async function startPortalStack(): Promise<PortalStack> {
  const sendgrid = await SendGridDouble.start();
  const stripe = await StripeDouble.start();
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const api = await startTestApi(
    {
      PUBLIC_URL: origin,
      SENDGRID_API_KEY: 'SG.e2e-key',
      SENDGRID_API_URL: sendgrid.url,
      EMAIL_FROM: 'portal@studio.test',
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
    },
    undefined,
    port,
  );
  const s3Origin = api.context.storage.browserOrigin!;
  const pipeline = startEmailPipeline(api.context, {
    prefix: testQueuePrefix(),
    mailer: createMailer(api.context.config, api.context.pool),
  });
  const notifications = notificationsRunner(api.context);
  notifications.start();
  const processors = [startLivePublisher(api.context), notifications];
  return {
    api,
    origin,
    s3Origin,
    sendgrid,
    stripe,
    pipeline,
    processors,
    async stop() {
      await Promise.all(processors.map((runner) => runner.stop()));
      await pipeline.stopAndClean();
      await api.stop();
      await sendgrid.stop();
      await stripe.stop();
    },
  };
}

/** The sign-in link in the newest email SendGrid was asked to send to `email` (waits for it). */
export async function signInLinkFor(stack: PortalStack, email: string, after = 0): Promise<string> {
  const mail = await waitFor(
    async () =>
      stack.sendgrid.requests
        .slice(after)
        .map((r) => r.body)
        .filter((body) => body?.personalizations?.[0]?.to?.[0]?.email === email)
        .at(-1),
    `a sign-in email to ${email}`,
  );
  const text: string = mail.content.find((c: { type: string }) => c.type === 'text/plain').value;
  const link = /(https?:\/\/\S+\/auth\?token=[\w-]+(?:&next=\S+)?)/.exec(text)?.[1];
  if (!link) throw new Error(`no sign-in link in the email: ${text}`);
  return link;
}

export interface PortalFixture {
  ws: TestWorkspace;
  clientId: string;
  contact: { id: string; name: string; email: string };
  projectId: string;
  /** The owner's GraphQL call. */
  member<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** A workspace (branded), a client with one contact, and an active project. */
export async function createPortalFixture(
  api: TestApi,
  companyName = 'Northwind Studio',
): Promise<PortalFixture> {
  const ws = await createTestWorkspace(api);
  const member = async <T = any>(query: string, variables?: Record<string, unknown>) =>
    ok(await api.gql<T>(query, variables, ws.token)) as T;
  await member(`mutation($input: BrandingInput!) { updateBranding(input: $input) { id } }`, {
    input: { companyName, accentColor: '#0f766e' },
  });
  const email = `jane-${randomBytes(3).toString('hex')}@client.test`;
  const client = await createClientWithContacts(api, ws, [{ name: 'Jane Smith', email }]);
  const projectId = (
    await member<{ createProject: { id: string } }>(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website relaunch" }) { id } }`,
      { c: client.clientId },
    )
  ).createProject.id;
  return { ws, clientId: client.clientId, contact: client.contacts[0], projectId, member };
}
