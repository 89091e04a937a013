import {
  getNamedType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * The fields an answer may hold and still be kept: each read from read
 * models that change only in a transaction that appends an event of the
 * viewer's workspace (so the log says when they changed), or computed from
 * them and the clock in a way the answer's life accounts for. `*`: every
 * field of the type. Not here, so never kept: anything read from a table
 * written outside the log (sessions' sign-in times, notifications, upload
 * tickets, API tokens, checkout sessions, invoice keys, snapshots, digests),
 * the history (`projectAt`, `events`), messages, PDFs' addresses, and every
 * field added later until it is judged and listed.
 */
export const KEPT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Query: ['project', 'projects', 'client', 'clients', 'invoice'],
  Project: ['id', 'name', 'status', 'createdAt', 'client', 'timeline', 'invoices', 'documents', 'tasks'],
  Client: ['id', 'name', 'archived', 'contacts', 'billingDetails', 'projects'],
  Contact: ['id', 'name', 'email'],
  ClientBillingDetails: ['*'],
  TimelineConnection: ['*'],
  TimelineEdge: ['*'],
  TimelineEntry: ['id', 'occurredAt', 'actor', 'type', 'summary', 'visibleToClient'],
  Actor: ['*'],
  PageInfo: ['*'],
  Invoice: [
    'id',
    'number',
    'status',
    'currency',
    'lineItems',
    'notes',
    'taxRatePercent',
    'taxLabel',
    'taxLines',
    'subtotal',
    'taxAmount',
    'total',
    'amountPaid',
    'amountDue',
    'amountOverpaid',
    'issuedAt',
    'dueDate',
    'paidAt',
    'remindersEnabled',
    'project',
    // Computed with the clock: the answer holds until the due date passes (invoice.resolver.ts).
    'overdue',
    'payments',
  ],
  InvoiceLineItem: ['*'],
  InvoiceTaxLine: ['*'],
  Payment: ['*'],
  // url: a FILE's signed address, signed when the answer was computed; it is kept
  // at most AnswerCache.maxAgeMs, a small part of the address's own life.
  Document: ['*'],
  Task: ['*'],
  TaskComment: ['*'],
};

const kept = new Map(Object.entries(KEPT_FIELDS).map(([type, fields]) => [type, new Set(fields)]));

const keeps = (type: string, field: string) => {
  const fields = kept.get(type);
  return fields !== undefined && (fields.has('*') || fields.has(field));
};

const judged = new WeakMap<OperationDefinitionNode, boolean>();

/**
 * Whether an operation's answer may be kept: a query whose every field (its fragments' too) is
 * listed, and that reads something (`{ __typename }` costs less than the log's check).
 */
export function keepsAnswerOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): boolean {
  const known = judged.get(operation);
  if (known !== undefined) return known;
  let verdict = operation.operation === 'query';
  let reads = false;
  if (verdict) {
    const typeInfo = new TypeInfo(schema);
    // The operation and every fragment the document holds (a fragment unused by it only makes it stricter).
    const parts = document.definitions.filter((d) => d === operation || d.kind === 'FragmentDefinition');
    for (const part of parts) {
      visit(
        part,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            if (node.name.value === '__typename') return;
            reads = true;
            const parent = typeInfo.getParentType();
            const field = typeInfo.getFieldDef();
            if (!parent || !field || !keeps(getNamedType(parent).name, node.name.value)) verdict = false;
          },
        }),
      );
      if (!verdict) break;
    }
  }
  judged.set(operation, verdict && reads);
  return verdict && reads;
}
