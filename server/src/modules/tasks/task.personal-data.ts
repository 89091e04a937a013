import type { PersonalDataRegistry } from '../../event-store/personal-data.registry';
import { ERASED_CONTACT_NAME } from '../clients/client.personal-data';

/** A task's assignee's name (a contact's), under that contact's key. */
export const registerTaskPersonalData = (registry: PersonalDataRegistry): PersonalDataRegistry => {
  const assignee = (d: { assigneeContactId: string | null }) =>
    d.assigneeContactId
      ? [{ path: ['assigneeName'], subject: d.assigneeContactId, erased: ERASED_CONTACT_NAME }]
      : [];
  return registry.register('TaskCreated', assignee).register('TaskUpdated', assignee);
};
