import type { PoolClient } from 'pg';
import type { SignInContact, SignInRecorder } from '../../auth/sign-in.recorder';
import type { Actor } from '../../event-store/event.types';
import type { CommandHandler } from '../../projections/command-handler';
import { contactSignInDecider, type ContactSignInCommand } from './contact-sign-in.decider';
import { contactSignInStreamId } from './contact-sign-in.events';

/** The contact may still sign in; no longer: nothing is recorded. */
class NoLongerAllowed extends Error {}

/**
 * A contact's sign-in activity, on the contact's own stream (no contention
 * with other contacts of the client, no expected version). Whether the
 * contact may sign in is read in the same transaction with a share lock on
 * the contact, client and workspace rows: archiving the client, removing the
 * contact or turning the portal off (each updates one of those rows, then
 * ends the sessions) waits for a sign-in under way, or makes it refuse.
 */
export class ContactSignInService implements SignInRecorder {
  constructor(private readonly commands: CommandHandler) {}

  recordLinkRequest(
    contact: SignInContact,
    link: { linkId: string; expiresAt: Date },
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean> {
    // Whoever typed the email is not known yet: the system records the request.
    return this.record(
      contact,
      { type: 'RequestSignInLink', scope: scopeOf(contact), ...link },
      { kind: 'SYSTEM', id: null, name: 'Portal sign-in' },
      requestId,
      within,
    );
  }

  recordSignIn(
    contact: SignInContact,
    sessionId: string,
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean> {
    return this.record(
      contact,
      { type: 'RecordSignIn', scope: scopeOf(contact), name: contact.name, sessionId },
      { kind: 'CONTACT', id: contact.contactId, name: contact.name },
      requestId,
      within,
    );
  }

  private async record(
    contact: SignInContact,
    command: ContactSignInCommand,
    actor: Actor,
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean> {
    try {
      await this.commands.handle(
        contactSignInStreamId(contact.contactId),
        contactSignInDecider,
        command,
        { actor, correlationId: requestId, tenantId: contact.workspaceId },
        {
          anyVersion: true,
          prepare: async (db, cmd) => {
            if (!(await mayStillSignIn(db, contact))) throw new NoLongerAllowed();
            return cmd;
          },
          within: (db, result) => within(db, result.events[0].eventId),
        },
      );
      return true;
    } catch (error) {
      if (error instanceof NoLongerAllowed) return false;
      throw error;
    }
  }
}

const scopeOf = (c: SignInContact) => ({
  workspaceId: c.workspaceId,
  clientId: c.clientId,
  contactId: c.contactId,
});

async function mayStillSignIn(db: PoolClient, contact: SignInContact): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM contacts c
     JOIN clients cl ON cl.id = c.client_id
     JOIN workspaces w ON w.id = c.workspace_id
     WHERE c.id = $1 AND c.client_id = $2 AND c.workspace_id = $3
       AND NOT c.removed AND NOT cl.archived AND w.portal_enabled
     FOR SHARE OF c, cl, w`,
    [contact.contactId, contact.clientId, contact.workspaceId],
  );
  return rowCount === 1;
}
