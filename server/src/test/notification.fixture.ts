import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context';
import type { Actor } from '../event-store/event.types';
import { createNotificationsProcessor } from '../modules/notifications/notification.processor';
import { ProcessorRunner } from '../projections/async-processor';
import { waitFor } from './email.fixture';

/** The notifications processor on the test's API, with test waits (batchSize: a restart mid-way needs small batches). */
export function notificationsRunner(context: AppContext, batchSize?: number, errors: unknown[] = []) {
  const processor = createNotificationsProcessor({ live: () => context.live });
  return new ProcessorRunner(
    context.pool,
    context.store,
    { ...processor, batchSize: batchSize ?? processor.batchSize },
    { idleMs: 20, standbyMs: 50, onError: (error) => errors.push(error) },
  );
}

/** Waits until the notifications processor's checkpoint has passed every event committed so far. */
export async function caughtUp(context: AppContext): Promise<void> {
  const { rows } = await context.pool.query('SELECT max(global_position) AS last FROM es_events');
  await waitFor(async () => {
    const checkpoint = await context.pool.query(
      `SELECT global_position FROM es_checkpoints WHERE processor = 'notifications'`,
    );
    return checkpoint.rows[0] && BigInt(checkpoint.rows[0].global_position) >= BigInt(rows[0].last);
  }, 'the notifications processor to catch up');
}

const contactActor = (contact: { id: string; name: string }): Actor => ({
  kind: 'CONTACT',
  id: contact.id,
  name: contact.name,
});

/** A contact's event appended straight to the store (as another module would), such as MessagePosted. */
export async function appendContactEvent(
  context: AppContext,
  workspaceId: string,
  contact: { id: string; name: string },
  streamId: string,
  type: string,
  data: Record<string, unknown>,
): Promise<string> {
  const result = await context.store.append(streamId, 'any', [{ type, data }], {
    actor: contactActor(contact),
    correlationId: randomUUID(),
    causationId: null,
    tenantId: workspaceId,
  });
  return result.events[0].eventId;
}

/** MessagePosted as the conversations module appends it: { messageId, projectId, clientId, body } on conversation-<projectId>. */
export const postMessageAs = (
  context: AppContext,
  workspaceId: string,
  contact: { id: string; name: string },
  ids: { projectId: string; clientId: string },
  body: string,
) =>
  appendContactEvent(context, workspaceId, contact, `conversation-${ids.projectId}`, 'MessagePosted', {
    messageId: randomUUID(),
    ...ids,
    body,
  });

/** DocumentUploaded on a new document's stream, as the upload's completion appends it. */
export const uploadAs = (
  context: AppContext,
  ids: { workspaceId: string; projectId: string; clientId: string },
  contact: { id: string; name: string },
  fileName: string,
) => {
  const documentId = randomUUID();
  return appendContactEvent(context, ids.workspaceId, contact, `document-${documentId}`, 'DocumentUploaded', {
    ...ids,
    documentId,
    uploadId: randomUUID(),
    fileName,
    contentType: 'application/pdf',
    size: 10,
    storageKey: `test/${documentId}`,
    uploadedAt: new Date().toISOString(),
  });
};
