import type { SignInEvent } from './contact-sign-in.events';
import { quoted, type Describe } from '../timeline/timeline-entry.types';
import type { ClientEvent } from './client.events';

/** A client's own changes and its contacts' sign-ins concern the members only; they show in each of its projects. */
export const clientDescribers: Describe<ClientEvent | Extract<SignInEvent, { type: 'ContactSignedIn' }>> = {
  ClientCreated: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} added the client ${quoted(d.name)}`,
  }),
  ClientRenamed: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} renamed the client to ${quoted(d.name)}`,
  }),
  ContactAdded: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} added ${d.name} (${d.email}) as a contact`,
  }),
  ContactEmailChanged: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} changed ${d.name}'s email to ${d.email}`,
  }),
  ContactRenamed: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} renamed the contact ${d.previousName} to ${d.name}`,
  }),
  ContactRemoved: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} removed ${d.name} as a contact`,
  }),
  ContactErased: (_d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} erased a contact's personal data`,
  }),
  ClientArchived: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} archived the client ${quoted(d.name)}`,
  }),
  ClientUnarchived: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} restored the client ${quoted(d.name)}`,
  }),
  ClientBillingDetailsUpdated: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} updated the billing details of ${quoted(d.clientName)}`,
  }),
  ContactSignedIn: (_d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} signed in to the portal`,
  }),
};
