import {
  getNamedType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
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

const keepsField = (type: string, field: string) => {
  const fields = kept.get(type);
  return fields !== undefined && (fields.has('*') || fields.has(field));
};

/** What an operation's answer may be kept as. */
export interface Judgement {
  keeps: boolean;
  /**
   * The `id` argument of a lone `project(id:)` whose selection reaches no other project (no
   * `Client.projects`): its answer is of that project alone, so an event that names another
   * project (its data's projectId) leaves it as it was. Null: any event of the workspace may
   * change it.
   */
  projectId: ValueNode | null;
}

const judged = new WeakMap<OperationDefinitionNode, Judgement>();

/**
 * Whether an operation's answer may be kept: a query whose every field (its fragments' too) is
 * listed, and that reads something (`{ __typename }` costs less than the log's check).
 */
export function judge(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Judgement {
  const known = judged.get(operation);
  if (known) return known;
  let keeps = operation.operation === 'query';
  let reads = false;
  let otherProjects = false;
  if (keeps) {
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
            if (!parent || !field || !keepsField(getNamedType(parent).name, node.name.value)) keeps = false;
            if (parent?.name === 'Client' && node.name.value === 'projects') otherProjects = true;
          },
        }),
      );
      if (!keeps) break;
    }
  }
  const roots = operation.selectionSet.selections.filter(
    (selection) => selection.kind !== 'Field' || selection.name.value !== '__typename',
  );
  const lone =
    roots.length === 1 && roots[0].kind === 'Field' && roots[0].name.value === 'project' ? roots[0] : null;
  const judgement: Judgement = {
    keeps: keeps && reads,
    projectId:
      lone && !otherProjects ? (lone.arguments?.find((a) => a.name.value === 'id')?.value ?? null) : null,
  };
  judged.set(operation, judgement);
  return judgement;
}

/** An argument's value: a string literal, or a variable's string; else null (the answer is then the workspace's). */
export function stringArgument(
  value: ValueNode | null,
  variables: Record<string, unknown> | undefined,
): string | null {
  if (value?.kind === 'StringValue') return value.value;
  if (value?.kind === 'Variable') {
    const given = variables?.[value.name.value];
    return typeof given === 'string' ? given : null;
  }
  return null;
}
