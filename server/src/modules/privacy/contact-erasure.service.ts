import type { Pool } from 'pg';
import { endSessions } from '../../auth/contact-session.service';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { EventStore } from '../../event-store/event-store';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { lockReadModels, rebuildTenant } from '../../projections/rebuild';
import { clientDecider } from '../clients/client.decider';
import { clientStreamId } from '../clients/client.events';
import { ERASED_CONTACT_NAME, erasedContactEmail } from '../clients/client.personal-data';
import type { Client } from '../clients/client.type';
import { CLIENT_COLUMNS } from '../clients/client.service';
import { contactSignInStreamId } from '../clients/contact-sign-in.events';
import { forgetInEmails } from '../emails/email.erasure';
import { forgetUploadTickets } from '../files/upload.erasure';
import { forgetInvoiceKeyEmails } from '../invoices/invoice-key.erasure';
import { forgetNotificationActor } from '../notifications/notification.erasure';
import { forgetProjectSnapshots } from '../history/project-snapshot.store';
import { isUuid } from '../shared/validation';

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/**
 * GDPR's right to erasure for a contact, in one transaction: the contact's
 * key is deleted (crypto-shredding: the log keeps their ciphertext, which
 * nobody can read again, and stays append-only and verifiable), ContactErased
 * is appended (no personal data in it), their sessions, links and invoice
 * keys end, what the email side, the notifications and projectAt's snapshots
 * kept of them goes, and
 * the workspace's read models are replayed from the log, where every value of
 * theirs now reads as its stand-in ("Erased contact").
 */
export class ContactErasureService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly store: EventStore,
    private readonly projections: InlineProjectionRunner,
    private readonly clock: () => Date,
  ) {}

  async erase(viewer: MemberViewer, contactId: string, requestId: string): Promise<Client> {
    const { rows } = isUuid(contactId)
      ? await this.pool.query('SELECT client_id FROM contacts WHERE id = $1 AND workspace_id = $2', [
          contactId,
          viewer.workspaceId,
        ])
      : { rows: [] };
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'contact not found', 'contactId');
    const clientId: string = rows[0].client_id;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.eraseOnce(viewer, clientId, contactId, requestId);
        break;
      } catch (error) {
        // The read models' locks met a command's row locks: PostgreSQL chose this side; try again.
        if ((error as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw error;
      }
    }
    const client = await this.pool.query(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1`, [clientId]);
    return client.rows[0];
  }

  private async eraseOnce(viewer: MemberViewer, clientId: string, contactId: string, requestId: string) {
    const { personalData } = this.store;
    let values: unknown[] = [];
    await this.commands.handle(
      clientStreamId(clientId),
      clientDecider,
      { type: 'EraseContact', contactId },
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      {
        prepare: async (db, command, state) => {
          if (state.erasedContactIds.includes(contactId)) return command;
          // What the log holds of them, read while it still opens, to find it outside the log.
          const events = [
            ...(await this.store.readStream(clientStreamId(clientId), db)),
            ...(await this.store.readStream(contactSignInStreamId(contactId), db)),
          ];
          values = personalData.valuesOf(events, contactId);
          // The key first: it waits for any append still sealing with it, and every later one sees it gone.
          await personalData.keys.erase(contactId, db);
          await lockReadModels(db, this.projections);
          return command;
        },
        within: async (db) => {
          const texts = values.filter((value): value is string => typeof value === 'string');
          await endSessions(db, { contactId }, this.clock());
          await forgetInvoiceKeyEmails(db, contactId, erasedContactEmail(contactId));
          await forgetUploadTickets(db, contactId);
          await forgetInEmails(
            db,
            { emails: texts.filter((text) => text.includes('@')), texts },
            erasedContactEmail(contactId),
          );
          await forgetNotificationActor(db, contactId, ERASED_CONTACT_NAME);
          await forgetProjectSnapshots(db, viewer.workspaceId);
          await rebuildTenant(db, this.store, this.projections, viewer.workspaceId);
        },
      },
    );
  }
}
