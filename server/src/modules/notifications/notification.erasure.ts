import type { Queryable } from '../../db/queryable';

/**
 * Notifications are rows a processor wrote once, not a read model replayed:
 * an erased contact's name goes from those they caused, in the actor and in
 * the summary (which names the actor, notification.describe.ts).
 */
export async function forgetNotificationActor(
  db: Queryable,
  contactId: string,
  standIn: string,
): Promise<void> {
  await db.query(
    `UPDATE notifications
     SET summary = replace(summary, actor->>'name', $2), actor = jsonb_set(actor, '{name}', to_jsonb($2::text))
     WHERE actor->>'kind' = 'CONTACT' AND actor->>'id' = $1`,
    [contactId, standIn],
  );
}
