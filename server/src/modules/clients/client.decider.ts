import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad, optionalText, requireEmail, requireName, sameEmail } from '../shared/validation';
import type { SignInEvent } from './contact-sign-in.events';
import type { ClientBillingData, ClientEvent, ContactData } from './client.events';

export type ClientCommand =
  | { type: 'CreateClient'; workspaceId: string; clientId: string; name: string; contacts: ContactData[] }
  | { type: 'RenameClient'; name: string }
  | { type: 'AddContact'; contact: ContactData }
  | { type: 'ChangeContactEmail'; contactId: string; email: string }
  | { type: 'RenameContact'; contactId: string; name: string }
  | { type: 'RemoveContact'; contactId: string }
  /** Erases a live or removed contact's personal data; nothing to decide when they are erased already. */
  | { type: 'EraseContact'; contactId: string }
  | { type: 'ArchiveClient' }
  | { type: 'UnarchiveClient' }
  /** undefined or null: unchanged; an empty string: cleared. */
  | { type: 'UpdateClientBillingDetails'; changes: { [K in keyof ClientBillingData]?: string | null } };

export interface ClientState {
  workspaceId: string | null;
  clientId: string | null;
  name: string;
  archived: boolean;
  contacts: readonly ContactData[];
  /** Contacts removed (still erasable) and erased. */
  formerContactIds: readonly string[];
  erasedContactIds: readonly string[];
  billing: ClientBillingData;
}

const MAX_CONTACTS = 100;

const NO_BILLING: ClientBillingData = { name: null, address: null, taxId: null };
const BILLING_LIMITS: Record<keyof ClientBillingData, number> = { name: 200, address: 500, taxId: 50 };

/** undefined or null: unchanged; otherwise as optionalText has it. */
const billingText = (
  value: string | null | undefined,
  current: string | null,
  field: keyof ClientBillingData,
) =>
  value == null ? current : optionalText(value, `input.${field}`, BILLING_LIMITS[field], field === 'address');

export const clientDecider: Decider<ClientState, ClientCommand, ClientEvent | SignInEvent> = {
  initialState: () => ({
    workspaceId: null,
    clientId: null,
    name: '',
    archived: false,
    contacts: [],
    formerContactIds: [],
    erasedContactIds: [],
    billing: NO_BILLING,
  }),

  evolve(state, event) {
    switch (event.type) {
      case 'ClientCreated':
        return {
          ...state,
          workspaceId: event.data.workspaceId,
          clientId: event.data.clientId,
          name: event.data.name,
          contacts: event.data.contacts,
        };
      case 'ClientRenamed':
        return { ...state, name: event.data.name };
      case 'ContactAdded':
        return {
          ...state,
          contacts: [
            ...state.contacts,
            { contactId: event.data.contactId, name: event.data.name, email: event.data.email },
          ],
        };
      case 'ContactEmailChanged':
        return {
          ...state,
          contacts: state.contacts.map((c) =>
            c.contactId === event.data.contactId ? { ...c, email: event.data.email } : c,
          ),
        };
      case 'ContactRenamed':
        return {
          ...state,
          contacts: state.contacts.map((c) =>
            c.contactId === event.data.contactId ? { ...c, name: event.data.name } : c,
          ),
        };
      case 'ContactRemoved':
        return {
          ...state,
          contacts: state.contacts.filter((c) => c.contactId !== event.data.contactId),
          formerContactIds: [...state.formerContactIds, event.data.contactId],
        };
      case 'ContactErased':
        return {
          ...state,
          contacts: state.contacts.filter((c) => c.contactId !== event.data.contactId),
          formerContactIds: state.formerContactIds.filter((id) => id !== event.data.contactId),
          erasedContactIds: [...state.erasedContactIds, event.data.contactId],
        };
      case 'ClientArchived':
        return { ...state, archived: true };
      case 'ClientUnarchived':
        return { ...state, archived: false };
      case 'ClientBillingDetailsUpdated':
        return { ...state, billing: event.data.billing };
      // Sign-ins have a stream of their own per contact now (contact-sign-in.events.ts); older ones are here.
      case 'SignInLinkRequested':
      case 'ContactSignedIn':
        return state;
    }
  },

  decide(command, state, { now }) {
    if (command.type === 'CreateClient') {
      if (state.clientId) throw new DomainError('CONFLICT', 'this client exists already');
      if (command.contacts.length > MAX_CONTACTS)
        throw bad('input.contacts', `at most ${MAX_CONTACTS} contacts`);
      const contacts = command.contacts.map((contact, index) => ({
        contactId: contact.contactId,
        name: requireName(contact.name, `input.contacts.${index}.name`),
        email: requireEmail(contact.email, `input.contacts.${index}.email`),
      }));
      contacts.forEach((contact, index) => {
        if (contacts.findIndex((other) => sameEmail(other.email, contact.email)) !== index) {
          throw bad(`input.contacts.${index}.email`, `${contact.email} is given twice`);
        }
      });
      return [
        {
          type: 'ClientCreated',
          data: {
            workspaceId: command.workspaceId,
            clientId: command.clientId,
            name: requireName(command.name, 'input.name'),
            contacts,
            createdAt: now.toISOString(),
          },
        },
      ];
    }
    const { workspaceId, clientId } = state;
    if (!workspaceId || !clientId) throw new DomainError('NOT_FOUND', 'client not found', 'id');
    const scope = { workspaceId, clientId };
    const contactOf = (contactId: string) => {
      const contact = state.contacts.find((c) => c.contactId === contactId);
      if (!contact) throw new DomainError('NOT_FOUND', 'contact not found', 'contactId');
      return contact;
    };

    switch (command.type) {
      case 'RenameClient': {
        const name = requireName(command.name, 'name');
        return name === state.name
          ? []
          : [{ type: 'ClientRenamed', data: { ...scope, name, previousName: state.name } }];
      }
      case 'AddContact': {
        const name = requireName(command.contact.name, 'input.name');
        const email = requireEmail(command.contact.email, 'input.email');
        if (state.contacts.length >= MAX_CONTACTS)
          throw bad('clientId', `a client has at most ${MAX_CONTACTS} contacts`);
        if (state.contacts.some((c) => sameEmail(c.email, email)))
          throw bad('input.email', `${email} is already a contact of this client`);
        return [
          { type: 'ContactAdded', data: { ...scope, contactId: command.contact.contactId, name, email } },
        ];
      }
      case 'ChangeContactEmail': {
        const contact = contactOf(command.contactId);
        const email = requireEmail(command.email, 'email');
        if (email === contact.email) return [];
        if (state.contacts.some((c) => c.contactId !== contact.contactId && sameEmail(c.email, email))) {
          throw bad('email', `${email} is already a contact of this client`);
        }
        return [
          {
            type: 'ContactEmailChanged',
            data: {
              ...scope,
              contactId: contact.contactId,
              name: contact.name,
              email,
              previousEmail: contact.email,
            },
          },
        ];
      }
      case 'RenameContact': {
        const contact = contactOf(command.contactId);
        const name = requireName(command.name, 'name');
        if (name === contact.name) return [];
        return [
          {
            type: 'ContactRenamed',
            data: { ...scope, contactId: contact.contactId, name, previousName: contact.name },
          },
        ];
      }
      case 'RemoveContact': {
        const contact = contactOf(command.contactId);
        return [
          { type: 'ContactRemoved', data: { ...scope, contactId: contact.contactId, name: contact.name } },
        ];
      }
      case 'EraseContact': {
        const { contactId } = command;
        if (state.erasedContactIds.includes(contactId)) return [];
        if (!state.formerContactIds.includes(contactId)) contactOf(contactId);
        return [{ type: 'ContactErased', data: { ...scope, contactId } }];
      }
      case 'ArchiveClient':
        return state.archived ? [] : [{ type: 'ClientArchived', data: { ...scope, name: state.name } }];
      case 'UnarchiveClient':
        return state.archived ? [{ type: 'ClientUnarchived', data: { ...scope, name: state.name } }] : [];
      case 'UpdateClientBillingDetails': {
        const { changes } = command;
        const billing: ClientBillingData = {
          name: billingText(changes.name, state.billing.name, 'name'),
          address: billingText(changes.address, state.billing.address, 'address'),
          taxId: billingText(changes.taxId, state.billing.taxId, 'taxId'),
        };
        const same = (Object.keys(billing) as (keyof ClientBillingData)[]).every(
          (key) => billing[key] === state.billing[key],
        );
        return same
          ? []
          : [{ type: 'ClientBillingDetailsUpdated', data: { ...scope, clientName: state.name, billing } }];
      }
    }
  },
};
