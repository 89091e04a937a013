import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { endSessions } from '../../auth/contact-session.service';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { orUniqueViolation } from '../shared/unique-violation';
import { bad, isUuid } from '../shared/validation';
import { clientDecider, type ClientCommand } from './client.decider';
import { clientStreamId } from './client.events';
import type { Client, Contact } from './client.type';

export const CLIENT_COLUMNS = `id, workspace_id AS "workspaceId", name, archived, billing_name AS "billingName",
  billing_address AS "billingAddress", tax_id AS "taxId"`;
export const CONTACT_COLUMNS = `id, client_id AS "clientId", name, email, last_signed_in_at AS "lastSignedInAt"`;

const emailTaken = (field: string) =>
  orUniqueViolation({
    contacts_live_email_key: bad(
      field,
      'this email belongs to a contact of another client of this workspace',
    ),
  });

/** Clients and their contacts, always within the viewer's workspace. */
export class ClientService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly clock: () => Date,
  ) {}

  async list(viewer: MemberViewer, includeArchived: boolean): Promise<Client[]> {
    const { rows } = await this.pool.query(
      `SELECT ${CLIENT_COLUMNS} FROM clients WHERE workspace_id = $1 AND ($2 OR NOT archived) ORDER BY created_at, id`,
      [viewer.workspaceId, includeArchived],
    );
    return rows;
  }

  /** null when it does not exist or belongs to another workspace. */
  async byId(viewer: MemberViewer, clientId: string): Promise<Client | null> {
    if (!isUuid(clientId)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1 AND workspace_id = $2`,
      [clientId, viewer.workspaceId],
    );
    return rows[0] ?? null;
  }

  private async require(viewer: MemberViewer, clientId: string, field = 'id'): Promise<Client> {
    const client = await this.byId(viewer, clientId);
    if (!client) throw new DomainError('NOT_FOUND', 'client not found', field);
    return client;
  }

  private async contactById(viewer: MemberViewer, contactId: string): Promise<Contact> {
    const { rows } = isUuid(contactId)
      ? await this.pool.query(
          `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1 AND workspace_id = $2 AND NOT removed`,
          [contactId, viewer.workspaceId],
        )
      : { rows: [] };
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'contact not found', 'contactId');
    return rows[0];
  }

  /** endSessionsOf: whose portal sessions and unused sign-in links the command ends, in its transaction. */
  private async run(
    viewer: MemberViewer,
    clientId: string,
    command: ClientCommand,
    requestId: string,
    endSessionsOf?: { contactId: string } | { clientId: string },
  ) {
    return this.commands.handle(
      clientStreamId(clientId),
      clientDecider,
      command,
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      endSessionsOf ? { within: (db) => endSessions(db, endSessionsOf, this.clock()) } : {},
    );
  }

  async create(
    viewer: MemberViewer,
    input: { name: string; contacts: { name: string; email: string }[] },
    requestId: string,
  ) {
    await this.refuseTakenEmails(viewer, input.contacts);
    const clientId = randomUUID();
    const contacts = input.contacts.map((contact) => ({ contactId: randomUUID(), ...contact }));
    await this.run(
      viewer,
      clientId,
      { type: 'CreateClient', workspaceId: viewer.workspaceId, clientId, name: input.name, contacts },
      requestId,
    ).catch(emailTaken('input.contacts'));
    return (await this.byId(viewer, clientId))!;
  }

  /** Names the contact whose email a live contact of another client has (the unique index stays the last word). */
  private async refuseTakenEmails(viewer: MemberViewer, contacts: { email: string }[]): Promise<void> {
    if (contacts.length === 0) return;
    const { rows } = await this.pool.query(
      'SELECT lower(email) AS email FROM contacts WHERE workspace_id = $1 AND NOT removed AND lower(email) = ANY($2::text[])',
      [viewer.workspaceId, contacts.map((contact) => contact.email.trim().toLowerCase())],
    );
    const taken = new Set(rows.map((row) => row.email));
    const index = contacts.findIndex((contact) => taken.has(contact.email.trim().toLowerCase()));
    if (index >= 0)
      throw bad(
        `input.contacts.${index}.email`,
        'this email belongs to a contact of another client of this workspace',
      );
  }

  async rename(viewer: MemberViewer, clientId: string, name: string, requestId: string) {
    await this.require(viewer, clientId);
    await this.run(viewer, clientId, { type: 'RenameClient', name }, requestId);
    return (await this.byId(viewer, clientId))!;
  }

  async addContact(
    viewer: MemberViewer,
    clientId: string,
    input: { name: string; email: string },
    requestId: string,
  ) {
    await this.require(viewer, clientId, 'clientId');
    const contactId = randomUUID();
    await this.run(
      viewer,
      clientId,
      { type: 'AddContact', contact: { contactId, ...input } },
      requestId,
    ).catch(emailTaken('input.email'));
    return this.contactById(viewer, contactId);
  }

  async changeContactEmail(viewer: MemberViewer, contactId: string, email: string, requestId: string) {
    const contact = await this.contactById(viewer, contactId);
    await this.run(viewer, contact.clientId, { type: 'ChangeContactEmail', contactId, email }, requestId, {
      contactId,
    }).catch(emailTaken('email'));
    return this.contactById(viewer, contactId);
  }

  /** A new name changes nobody's access: sessions stay. */
  async renameContact(viewer: MemberViewer, contactId: string, name: string, requestId: string) {
    const contact = await this.contactById(viewer, contactId);
    await this.run(viewer, contact.clientId, { type: 'RenameContact', contactId, name }, requestId);
    return this.contactById(viewer, contactId);
  }

  async removeContact(viewer: MemberViewer, contactId: string, requestId: string) {
    const contact = await this.contactById(viewer, contactId);
    await this.run(viewer, contact.clientId, { type: 'RemoveContact', contactId }, requestId, { contactId });
    return (await this.byId(viewer, contact.clientId))!;
  }

  async updateBillingDetails(
    viewer: MemberViewer,
    clientId: string,
    changes: { name?: string | null; address?: string | null; taxId?: string | null },
    requestId: string,
  ) {
    await this.require(viewer, clientId, 'clientId');
    await this.run(viewer, clientId, { type: 'UpdateClientBillingDetails', changes }, requestId);
    return (await this.byId(viewer, clientId))!;
  }

  async setArchived(viewer: MemberViewer, clientId: string, archived: boolean, requestId: string) {
    await this.require(viewer, clientId);
    await this.run(
      viewer,
      clientId,
      { type: archived ? 'ArchiveClient' : 'UnarchiveClient' },
      requestId,
      archived ? { clientId } : undefined,
    );
    return (await this.byId(viewer, clientId))!;
  }
}
