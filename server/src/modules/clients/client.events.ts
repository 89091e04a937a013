import type { DomainEvent } from '../../event-store/event.types';

export interface ContactData {
  contactId: string;
  name: string;
  email: string;
}

type ClientScoped<T> = { workspaceId: string; clientId: string } & T;

export type ClientCreated = DomainEvent<
  'ClientCreated',
  ClientScoped<{ name: string; contacts: ContactData[]; createdAt: string }>
>;
export type ClientRenamed = DomainEvent<
  'ClientRenamed',
  ClientScoped<{ name: string; previousName: string }>
>;
export type ContactAdded = DomainEvent<'ContactAdded', ClientScoped<ContactData>>;
export type ContactEmailChanged = DomainEvent<
  'ContactEmailChanged',
  ClientScoped<{ contactId: string; name: string; email: string; previousEmail: string }>
>;
export type ContactRenamed = DomainEvent<
  'ContactRenamed',
  ClientScoped<{ contactId: string; name: string; previousName: string }>
>;
export type ContactRemoved = DomainEvent<'ContactRemoved', ClientScoped<{ contactId: string; name: string }>>;
/**
 * A contact's personal data was erased (their key deleted: what the log holds
 * of them reads as "Erased contact" from now on). Carries no personal data.
 */
export type ContactErased = DomainEvent<'ContactErased', ClientScoped<{ contactId: string }>>;
export type ClientArchived = DomainEvent<'ClientArchived', ClientScoped<{ name: string }>>;
export type ClientUnarchived = DomainEvent<'ClientUnarchived', ClientScoped<{ name: string }>>;

/** Whom the client's invoices are addressed to: a billing name (null: the client's name), address and tax id. */
export interface ClientBillingData {
  name: string | null;
  address: string | null;
  taxId: string | null;
}
export type ClientBillingDetailsUpdated = DomainEvent<
  'ClientBillingDetailsUpdated',
  ClientScoped<{ clientName: string; billing: ClientBillingData }>
>;

export type ClientEvent =
  | ClientCreated
  | ClientRenamed
  | ContactAdded
  | ContactEmailChanged
  | ContactRenamed
  | ContactRemoved
  | ContactErased
  | ClientArchived
  | ClientUnarchived
  | ClientBillingDetailsUpdated;

export const CLIENT_EVENT_TYPES: readonly ClientEvent['type'][] = [
  'ClientCreated',
  'ClientRenamed',
  'ContactAdded',
  'ContactEmailChanged',
  'ContactRenamed',
  'ContactRemoved',
  'ContactErased',
  'ClientArchived',
  'ClientUnarchived',
  'ClientBillingDetailsUpdated',
];

export const clientStreamId = (clientId: string) => `client-${clientId}`;
