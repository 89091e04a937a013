import type { Queryable } from '../../db/queryable';
import { defineProjection } from '../../projections/inline-projection';
import type { SignInEvent } from './contact-sign-in.events';
import type { ClientEvent } from './client.events';
import { ERASED_CONTACT_NAME, erasedContactEmail } from './client.personal-data';

const touch = (db: Queryable, clientId: string, at: Date) =>
  db.query('UPDATE clients SET updated_at = $2 WHERE id = $1', [clientId, at]);

/** clients and contacts. A live contact's email is unique in the workspace: the index refuses a second one. */
export const clientProjection = defineProjection<ClientEvent | SignInEvent>({
  name: 'clients',
  tables: ['clients', 'contacts'],
  handlers: {
    async ClientCreated({ data, recordedAt, globalPosition }, db) {
      await db.query(
        'INSERT INTO clients (id, workspace_id, name, archived, created_at, updated_at) VALUES ($1, $2, $3, false, $4, $4)',
        [data.clientId, data.workspaceId, data.name, recordedAt],
      );
      if (data.contacts.length) {
        await db.query(
          `INSERT INTO contacts (id, workspace_id, client_id, name, email, sort_key, removed, created_at, updated_at)
           SELECT (c.value->>'contactId')::uuid, $1, $2, c.value->>'name', c.value->>'email', $5::bigint * 1000 + c.ordinality, false, $4, $4
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS c(value, ordinality)`,
          [data.workspaceId, data.clientId, JSON.stringify(data.contacts), recordedAt, globalPosition],
        );
      }
    },
    async ClientRenamed({ data, recordedAt }, db) {
      await db.query('UPDATE clients SET name = $2, updated_at = $3 WHERE id = $1', [
        data.clientId,
        data.name,
        recordedAt,
      ]);
    },
    async ContactAdded({ data, recordedAt, globalPosition }, db) {
      await db.query(
        `INSERT INTO contacts (id, workspace_id, client_id, name, email, sort_key, removed, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $7::bigint * 1000, false, $6, $6)`,
        [data.contactId, data.workspaceId, data.clientId, data.name, data.email, recordedAt, globalPosition],
      );
      await touch(db, data.clientId, recordedAt);
    },
    async ContactEmailChanged({ data, recordedAt }, db) {
      await db.query('UPDATE contacts SET email = $2, updated_at = $3 WHERE id = $1', [
        data.contactId,
        data.email,
        recordedAt,
      ]);
      await touch(db, data.clientId, recordedAt);
    },
    async ContactRenamed({ data, recordedAt }, db) {
      await db.query('UPDATE contacts SET name = $2, updated_at = $3 WHERE id = $1', [
        data.contactId,
        data.name,
        recordedAt,
      ]);
      await touch(db, data.clientId, recordedAt);
    },
    async ContactRemoved({ data, recordedAt }, db) {
      await db.query('UPDATE contacts SET removed = true, updated_at = $2 WHERE id = $1', [
        data.contactId,
        recordedAt,
      ]);
      await touch(db, data.clientId, recordedAt);
    },
    async ContactErased({ data, recordedAt }, db) {
      await db.query(
        'UPDATE contacts SET removed = true, name = $2, email = $3, last_signed_in_at = NULL, updated_at = $4 WHERE id = $1',
        [data.contactId, ERASED_CONTACT_NAME, erasedContactEmail(data.contactId), recordedAt],
      );
      await touch(db, data.clientId, recordedAt);
    },
    async ClientArchived({ data, recordedAt }, db) {
      await db.query('UPDATE clients SET archived = true, updated_at = $2 WHERE id = $1', [
        data.clientId,
        recordedAt,
      ]);
    },
    async ClientBillingDetailsUpdated({ data, recordedAt }, db) {
      await db.query(
        'UPDATE clients SET billing_name = $2, billing_address = $3, tax_id = $4, updated_at = $5 WHERE id = $1',
        [data.clientId, data.billing.name, data.billing.address, data.billing.taxId, recordedAt],
      );
    },
    async ContactSignedIn({ data }, db) {
      await db.query('UPDATE contacts SET last_signed_in_at = $2 WHERE id = $1', [
        data.contactId,
        data.signedInAt,
      ]);
    },
    async ClientUnarchived({ data, recordedAt }, db) {
      await db.query('UPDATE clients SET archived = false, updated_at = $2 WHERE id = $1', [
        data.clientId,
        recordedAt,
      ]);
    },
  },
});
