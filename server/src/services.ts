import type Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ContactSessionService } from './auth/contact-session.service';
import { CredentialCache } from './auth/credential.cache';
import { AnswerCache } from './graphql/answer-cache/answer.cache';
import { ApiTokenService } from './auth/api-token.service';
import { MemberSessionService } from './auth/member-session.service';
import { PortalPreviewService } from './auth/portal-preview.service';
import { MemberSignInService } from './modules/members/member-sign-in.service';
import { TeamService } from './modules/members/team.service';
import type { EventStore } from './event-store/event-store';
import type { ObjectStorage } from './integrations/object-storage';
import { BillingSettingsService } from './modules/billing/billing-settings.service';
import { ClientService } from './modules/clients/client.service';
import { ContactSignInService } from './modules/clients/contact-sign-in.service';
import { DocumentService } from './modules/documents/document.service';
import { EventLogService } from './modules/event-log/event-log.service';
import { LogDigestService } from './modules/event-log/log-digest.service';
import { FileService } from './modules/files/file.service';
import type { UploadLimits } from './modules/files/upload.limits';
import { InvoiceDocuments } from './modules/invoices/invoice.documents';
import { InvoiceKeyService } from './modules/invoices/invoice-key.service';
import { InvoiceService } from './modules/invoices/invoice.service';
import { PaymentService } from './modules/payments/payment.service';
import type { StripeSettings } from './integrations/stripe.client';
import { PortalService } from './modules/portal/portal.service';
import { ProjectService } from './modules/projects/project.service';
import { RecurrenceService } from './modules/recurrences/recurrence.service';
import { StatementService } from './modules/statements/statement.service';
import { TaskService } from './modules/tasks/task.service';
import { ConversationService } from './modules/conversations/conversation.service';
import { TimelineService } from './modules/timeline/timeline.service';
import { ListsService } from './modules/lists/lists.service';
import { NotificationService } from './modules/notifications/notification.service';
import { WorkspaceService } from './modules/workspaces/workspace.service';
import type { CommandHandler } from './projections/command-handler';
import type { InlineProjectionRunner } from './projections/inline-projection';
import { ContactErasureService } from './modules/privacy/contact-erasure.service';
import { MemberErasureService } from './modules/privacy/member-erasure.service';
import type { Queryable } from './db/queryable';
import { RELEASE } from './paths';
import { ProjectAtService } from './modules/history/project-at.service';

/** The application's services, built once per process. */
export function createServices(deps: {
  pool: Pool;
  store: EventStore;
  commands: CommandHandler;
  /** The inline projections, for an erasure's replay of the workspace's read models. */
  projections: InlineProjectionRunner;
  clock: () => Date;
  publicUrl: string;
  redis: Redis;
  redisPrefix: string;
  logger: Logger;
  /** Stripe's keys and address (payments); none: online payment is off. */
  stripe?: StripeSettings;
  /** The files' S3 and the limits of uploads. */
  storage: ObjectStorage;
  uploadLimits: UploadLimits;
}) {
  /** The credentials checked lately, kept while the API follows their tables (auth/credential.cache.ts). */
  const credentials = new CredentialCache(deps.clock);
  const apiTokens = new ApiTokenService(deps.pool, deps.commands, deps.clock, credentials);
  const invoices = new InvoiceService(deps.pool, deps.commands, deps.clock, deps.publicUrl);
  const workspaces = new WorkspaceService(deps.pool, deps.commands, apiTokens, deps.publicUrl);
  const documents = new DocumentService(deps.pool, deps.commands);
  const invoiceKeys = new InvoiceKeyService(deps.pool, deps.redis, deps.redisPrefix, deps.clock, deps.logger);
  /**
   * The services that read what a Project's subtree shows, on another
   * connection: projectAt answers from a per-request state with these
   * (graphql/scoped-context.ts). The rest (files' signed addresses, what is
   * not derived from events) reads the present through the process's pool.
   */
  const readersOn = (db: Queryable) => ({
    conversations: new ConversationService(db, deps.commands),
    timeline: new TimelineService(db),
    invoices: new InvoiceService(db, deps.commands, deps.clock, deps.publicUrl),
    billingSettings: new BillingSettingsService(db, deps.commands),
  });
  return {
    apiTokens,
    portal: new PortalService(deps.pool, workspaces),
    contactSessions: new ContactSessionService(
      deps.pool,
      new ContactSignInService(deps.commands),
      deps.redis,
      deps.clock,
      deps.logger,
      deps.redisPrefix,
      credentials,
    ),
    memberSessions: new MemberSessionService(
      deps.pool,
      new MemberSignInService(deps.commands),
      deps.redis,
      deps.clock,
      deps.logger,
      deps.redisPrefix,
      credentials,
    ),
    credentials,
    /** The queries' answers given lately, kept while the log has not moved (graphql/answer-cache/). */
    answers: new AnswerCache(deps.clock),
    team: new TeamService(deps.pool, deps.commands, deps.clock),
    portalPreviews: new PortalPreviewService(deps.pool, deps.publicUrl, deps.clock),
    workspaces,
    clients: new ClientService(deps.pool, deps.commands, deps.clock),
    contactErasure: new ContactErasureService(
      deps.pool,
      deps.commands,
      deps.store,
      deps.projections,
      deps.clock,
    ),
    memberErasure: new MemberErasureService(
      deps.pool,
      deps.commands,
      deps.store,
      deps.projections,
      deps.clock,
    ),
    projects: new ProjectService(deps.pool, deps.commands),
    tasks: new TaskService(deps.pool, deps.commands),
    conversations: new ConversationService(deps.pool, deps.commands),
    documents,
    files: new FileService(
      deps.pool,
      deps.commands,
      deps.storage,
      documents,
      workspaces,
      deps.uploadLimits,
      deps.clock,
    ),
    invoices,
    invoiceKeys,
    invoiceDocuments: new InvoiceDocuments(deps.pool, deps.storage, !!deps.stripe?.secretKey),
    billingSettings: new BillingSettingsService(deps.pool, deps.commands),
    recurrences: new RecurrenceService(deps.pool, deps.store, deps.commands),
    statements: new StatementService(deps.pool, deps.clock, deps.publicUrl.replace(/\/$/, '')),
    payments: new PaymentService({
      pool: deps.pool,
      commands: deps.commands,
      invoices,
      invoiceKeys,
      stripe: deps.stripe ?? { secretKey: null, webhookSecret: null, apiUrl: null },
      publicUrl: deps.publicUrl,
      logger: deps.logger,
    }),
    timeline: new TimelineService(deps.pool),
    lists: new ListsService(deps.pool, deps.clock),
    notifications: new NotificationService(deps.pool, deps.commands, deps.clock),
    eventLog: new EventLogService(deps.store),
    logDigest: new LogDigestService(deps.pool),
    projectAt: new ProjectAtService({
      pool: deps.pool,
      store: deps.store,
      runner: deps.projections,
      release: RELEASE,
    }),
    readersOn,
  };
}

export type Services = ReturnType<typeof createServices>;
