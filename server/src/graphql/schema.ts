import { DateTimeResolver } from 'graphql-scalars';
import { isUnionType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { BillingSettingsResolver } from '../modules/billing/billing-settings.resolver';
import { ClientResolver } from '../modules/clients/client.resolver';
import { ContactErasureResolver } from '../modules/privacy/contact-erasure.resolver';
import { MemberErasureResolver } from '../modules/privacy/member-erasure.resolver';
import { DocumentResolver } from '../modules/documents/document.resolver';
import { EventLogResolver } from '../modules/event-log/event-log.resolver';
import { FileResolver } from '../modules/files/file.resolver';
import { InvoiceResolver } from '../modules/invoices/invoice.resolver';
import {
  PaymentResolver,
  PortalPaymentsResolver,
  WorkspacePaymentsResolver,
} from '../modules/payments/payment.resolver';
import { PortalResolver } from '../modules/portal/portal.resolver';
import { ProjectResolver } from '../modules/projects/project.resolver';
import { ProjectAtResolver } from '../modules/history/project-at.resolver';
import { RecurrenceResolver } from '../modules/recurrences/recurrence.resolver';
import { StatementResolver } from '../modules/statements/statement.resolver';
import { TaskResolver } from '../modules/tasks/task.resolver';
import { ConversationResolver } from '../modules/conversations/conversation.resolver';
import { WorkspaceResolver } from '../modules/workspaces/workspace.resolver';
import { ListsResolver } from '../modules/lists/lists.resolver';
import { NotificationResolver } from '../modules/notifications/notification.resolver';
import { InvoiceTotalsResolver } from '../modules/invoices/invoice-totals.resolver';
import {
  MemberTokensResolver,
  MemberViewerResolver,
  TeamResolver,
  WorkspaceTeamResolver,
} from '../modules/members/team.resolver';
import { TimelineLiveResolver } from '../modules/timeline/timeline-live.resolver';
import { ConversationLiveResolver } from '../modules/conversations/conversation-live.resolver';
import { NotificationLiveResolver } from '../modules/notifications/notification-live.resolver';
import { authChecker } from './auth-checker';
import { viewerTypeName } from './viewer.union';

/**
 * type-graphql asks for a PubSub as soon as there is a @Subscription; ours
 * all name their own `subscribe` (over the live bus, live/live-subscription.ts),
 * so topics are never used.
 */
const noTopics = {
  publish() {
    throw new Error('publish on the live bus (live/live-bus.ts)');
  },
  subscribe(): never {
    throw new Error('a @Subscription here names its own subscribe (live/live-subscription.ts)');
  },
};

let schema: Promise<GraphQLSchema> | null = null;

/** The executable schema, built once per process from the resolvers. */
export function graphqlSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [
      WorkspaceResolver,
      ClientResolver,
      ProjectResolver,
      ProjectAtResolver,
      TaskResolver,
      DocumentResolver,
      FileResolver,
      InvoiceResolver,
      PortalResolver,
      EventLogResolver,
      PaymentResolver,
      WorkspacePaymentsResolver,
      PortalPaymentsResolver,
      TeamResolver,
      ListsResolver,
      NotificationResolver,
      InvoiceTotalsResolver,
      WorkspaceTeamResolver,
      MemberTokensResolver,
      MemberViewerResolver,
      BillingSettingsResolver,
      RecurrenceResolver,
      StatementResolver,
      ContactErasureResolver,
      MemberErasureResolver,
      ConversationResolver,
      TimelineLiveResolver,
      ConversationLiveResolver,
      NotificationLiveResolver,
    ],
    pubSub: noTopics,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  }).then(withSynchronousTypeResolvers);
  return schema;
}

/**
 * type-graphql wraps every resolveType in an async function; graphql-jit
 * (jit.executor.ts) does not await one, and a document selecting such a type
 * runs on graphql-js instead. The union's own resolveType answers at once,
 * for both executors alike.
 */
function withSynchronousTypeResolvers(built: GraphQLSchema): GraphQLSchema {
  const viewer = built.getType('Viewer');
  if (!isUnionType(viewer)) throw new Error('the schema has no Viewer union');
  viewer.resolveType = viewerTypeName;
  return built;
}
