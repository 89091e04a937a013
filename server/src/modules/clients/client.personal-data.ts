import { ERASED_ACTOR } from '../../event-store/personal-data';
import type { PersonalDataRegistry, PersonalField } from '../../event-store/personal-data.registry';

/** What an erased contact's name and email read as, everywhere. */
export const ERASED_CONTACT_NAME = ERASED_ACTOR.CONTACT;
/** Unique per contact (a live contact's email is unique in the workspace, and a replay passes through those states). */
export const erasedContactEmail = (contactId: string) => `erased-${contactId}@erased.invalid`;

const name = (contactId: string, path: (string | number)[]): PersonalField => ({
  path,
  subject: contactId,
  erased: ERASED_CONTACT_NAME,
});
const email = (contactId: string, path: (string | number)[]): PersonalField => ({
  path,
  subject: contactId,
  erased: erasedContactEmail(contactId),
});

/** A contact's name and email, wherever the clients' events carry them, under that contact's key. */
export const registerClientPersonalData = (registry: PersonalDataRegistry): PersonalDataRegistry =>
  registry
    .register('ClientCreated', (d: { contacts?: { contactId: string }[] }) =>
      (d.contacts ?? []).flatMap((contact, index) => [
        name(contact.contactId, ['contacts', index, 'name']),
        email(contact.contactId, ['contacts', index, 'email']),
      ]),
    )
    .register('ContactAdded', (d) => [name(d.contactId, ['name']), email(d.contactId, ['email'])])
    .register('ContactEmailChanged', (d) => [
      name(d.contactId, ['name']),
      email(d.contactId, ['email']),
      email(d.contactId, ['previousEmail']),
    ])
    .register('ContactRenamed', (d) => [name(d.contactId, ['name']), name(d.contactId, ['previousName'])])
    .register('ContactRemoved', (d) => [name(d.contactId, ['name'])])
    .register('ContactSignedIn', (d) => [name(d.contactId, ['name'])]);
