import type { Pool } from 'pg';
import { endSessions } from '../../auth/contact-session.service';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { EventStore } from '../../event-store/event-store';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { clientDecider } from '../clients/client.decider';
import { clientStreamId } from '../clients/client.events';
import { ERASED_CONTACT_NAME, erasedContactEmail } from '../clients/client.personal-data';
import { CLIENT_COLUMNS } from '../clients/client.service';
import type { Client } from '../clients/client.type';
import { contactSignInStreamId } from '../clients/contact-sign-in.events';
import { forgetUploadTickets } from '../files/upload.erasure';
import { forgetInvoiceKeyEmails } from '../invoices/invoice-key.erasure';
import { forgetNotificationActor } from '../notifications/notification.erasure';
import { isUuid } from '../shared/validation';
import { erase } from './subject-erasure';

/**
 * A contact's erasure (subject-erasure.ts): ContactErased on the client's
 * stream; their sessions, links and invoice keys end, and their upload
 * tickets and their name in the members' notifications go with them.
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
    await erase(
      { commands: this.commands, store: this.store, projections: this.projections },
      {
        subjectId: contactId,
        workspaceId: viewer.workspaceId,
        streamId: clientStreamId(clientId),
        decider: clientDecider,
        command: { type: 'EraseContact', contactId },
        context: { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
        erasedAlready: (state) => state.erasedContactIds.includes(contactId),
        valueStreams: [clientStreamId(clientId), contactSignInStreamId(contactId)],
        emailStandIn: erasedContactEmail(contactId),
        endAccess: async (db) => {
          await endSessions(db, { contactId }, this.clock());
          await forgetInvoiceKeyEmails(db, contactId, erasedContactEmail(contactId));
          await forgetUploadTickets(db, contactId);
          await forgetNotificationActor(db, contactId, ERASED_CONTACT_NAME);
        },
      },
    );
    const client = await this.pool.query(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1`, [clientId]);
    return client.rows[0];
  }
}
