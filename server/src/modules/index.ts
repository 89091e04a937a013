import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { PersonalData } from '../event-store/personal-data';
import { PersonalDataRegistry } from '../event-store/personal-data.registry';
import { UpcasterRegistry } from '../event-store/upcaster.registry';
import { createStripeClient, type StripeSettings } from '../integrations/stripe.client';
import type { LiveBus } from '../graphql/live/live-bus';
import {
  ACCESS_TOPIC,
  createLivePublisher,
  eventLivePublisher,
} from '../graphql/live/live-publisher.processor';
import type { AsyncProcessor } from '../projections/async-processor';
import type { InlineProjection } from '../projections/inline-projection';
import { billingSettingsProjection } from './billing/billing-settings.projection';
import { clientProjection } from './clients/client.projection';
import { clientDescribers } from './clients/client.timeline';
import { registerClientPersonalData } from './clients/client.personal-data';
import { documentProjection } from './documents/document.projection';
import { documentDescribers } from './documents/document.timeline';
import { createLogDigestProcessor } from './event-log/log-digest.processor';
import { createEmailDispatcher } from './emails/email-dispatcher.processor';
import type { EmailJobData } from './emails/email.jobs';
import { emailPlanners } from './emails/email.planners';
import { invoiceProjection } from './invoices/invoice.projection';
import { invoiceDescribers } from './invoices/invoice.timeline';
import { registerInvoiceUpcasters } from './invoices/invoice.upcasters';
import { createCheckoutExpiry } from './payments/checkout-expiry.processor';
import { projectProjection } from './projects/project.projection';
import { projectDescribers } from './projects/project.timeline';
import { recurrenceProjection } from './recurrences/recurrence.projection';
import { recurrenceDescribers } from './recurrences/recurrence.timeline';
import { taskProjection } from './tasks/task.projection';
import { registerTaskUpcasters } from './tasks/task.upcasters';
import { registerTaskPersonalData } from './tasks/task.personal-data';
import { taskDescribers } from './tasks/task.timeline';
import { messageProjection } from './conversations/message.projection';
import { conversationDescribers } from './conversations/conversation.timeline';
import { messageLivePublisher } from './conversations/conversation.live';
import { timelineLivePublisher } from './timeline/timeline.live';
import { createTimelineProjection } from './timeline/timeline.projection';
import { workspaceProjection } from './workspaces/workspace.projection';
import { memberProjection } from './members/member.projection';
import { registerMemberPersonalData } from './members/member.personal-data';
import { createNotificationsProcessor } from './notifications/notification.processor';
import { notificationSettingsProjection } from './notifications/notification-settings.projection';

/**
 * The features as the machinery sees them: the machinery (projections/)
 * knows no feature, and the app hands it these lists where it is wired.
 */

/** Old event shapes, read as the current ones: every module's upcasters, in one registry for the store. */
export const eventUpcasters = (): UpcasterRegistry =>
  registerInvoiceUpcasters(registerTaskUpcasters(new UpcasterRegistry()));

/** Where each module's events carry someone's personal data: sealed in the log under that person's key. */
export const eventPersonalData = (): PersonalData =>
  new PersonalData(
    registerMemberPersonalData(
      registerTaskPersonalData(registerClientPersonalData(new PersonalDataRegistry())),
    ),
  );

/** Each module's lines in the activity timeline. */
export const timelineDescribers = {
  ...clientDescribers,
  ...projectDescribers,
  ...taskDescribers,
  ...documentDescribers,
  ...invoiceDescribers,
  ...recurrenceDescribers,
  ...conversationDescribers,
};

/** Every inline projection of the product, in the order they run; rebuild-projections replays into exactly these. */
export const inlineProjections: readonly InlineProjection[] = [
  workspaceProjection,
  memberProjection,
  notificationSettingsProjection,
  clientProjection,
  projectProjection,
  taskProjection,
  documentProjection,
  invoiceProjection,
  billingSettingsProjection,
  recurrenceProjection,
  messageProjection,
  createTimelineProjection(timelineDescribers),
];

/**
 * What the live publisher sends on the bus, by event type. To add a live
 * update of events: a publisher here (conversations/conversation.live.ts)
 * and a @Subscription whose subscribe checks its arguments and returns
 * liveSubscription(ctx.live, topic, keys, resolve), where resolve reads what
 * the viewer may see of the payload now (conversation-live.resolver.ts).
 * What is no event (notifications are rows) is published by whoever writes
 * it, after its commit (notifications/notification.processor.ts).
 */
export const livePublishers = [
  timelineLivePublisher(Object.keys(timelineDescribers)),
  messageLivePublisher,
  // Whatever may end someone's access: every API process checks its sockets of the workspace again.
  eventLivePublisher(
    ACCESS_TOPIC,
    [
      'ClientArchived',
      'ContactRemoved',
      'ContactErased',
      'ContactEmailChanged',
      'PortalEnabledChanged',
      'MemberRemoved',
      'ApiTokenRevoked',
      'ProjectStatusChanged',
    ],
    (event) => ({ workspaceId: (event.data as { workspaceId: string }).workspaceId }),
  ),
];

export interface AsyncProcessorDeps {
  /** The emails queue, made on first use. */
  emailQueue: () => Queue<EmailJobData>;
  publicUrl: string;
  logger: Logger;
  /** Stripe's keys and address: without a secret key no Checkout session is made, and none is expired. */
  stripe: StripeSettings;
  /** The live bus the live publisher and the notifications processor send on. */
  live: () => LiveBus;
}

/** Every async processor of the product; the worker runs one runner for each. */
export function asyncProcessors(deps: AsyncProcessorDeps): AsyncProcessor[] {
  const { secretKey, apiUrl } = deps.stripe;
  let stripe: ReturnType<typeof createStripeClient> | null = null;
  return [
    createLivePublisher(livePublishers, deps.live),
    createEmailDispatcher({
      queue: deps.emailQueue,
      publicUrl: deps.publicUrl,
      planners: emailPlanners,
      logger: deps.logger.child({ processor: 'email-dispatcher' }),
    }),
    createNotificationsProcessor({ live: deps.live }),
    createLogDigestProcessor(),
    ...(secretKey
      ? [
          createCheckoutExpiry({
            stripe: () => (stripe ??= createStripeClient(secretKey, apiUrl)),
            logger: deps.logger.child({ processor: 'checkout-expiry' }),
          }),
        ]
      : []),
  ];
}
