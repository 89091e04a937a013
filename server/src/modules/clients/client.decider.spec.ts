import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';

const scope = { workspaceId: 'w1', clientId: 'c1' };
const created: ClientEvent = {
  type: 'ClientCreated',
  data: {
    ...scope,
    name: 'Smith & Co',
    contacts: [{ contactId: 'k1', name: 'John', email: 'john@smith.test' }],
    createdAt: FIXED_NOW.toISOString(),
  },
};
const spec = DeciderSpecification(clientDecider);

describe('client decider', () => {
  it('CreateClient trims names and keeps the contacts in order', () => {
    spec
      .given([])
      .when({
        type: 'CreateClient',
        ...scope,
        name: ' Smith & Co ',
        contacts: [{ contactId: 'k1', name: ' John ', email: ' john@smith.test ' }],
      })
      .then([created]);
  });

  it('CreateClient refuses a bad contact by its index, and the same email twice in any case', () => {
    const create = (contacts: { name: string; email: string }[]) =>
      spec.given([]).when({
        type: 'CreateClient',
        ...scope,
        name: 'S',
        contacts: contacts.map((c, i) => ({ contactId: `k${i}`, ...c })),
      });
    create([
      { name: 'A', email: 'a@x.test' },
      { name: 'B', email: 'nope' },
    ]).thenRefuses('BAD_USER_INPUT', 'input.contacts.1.email');
    create([{ name: '', email: 'a@x.test' }]).thenRefuses('BAD_USER_INPUT', 'input.contacts.0.name');
    create([
      { name: 'A', email: 'a@x.test' },
      { name: 'B', email: 'A@X.test' },
    ]).thenRefuses('BAD_USER_INPUT', 'input.contacts.1.email');
    spec
      .given([])
      .when({ type: 'CreateClient', ...scope, name: 'x'.repeat(201), contacts: [] })
      .thenRefuses('BAD_USER_INPUT', 'input.name');
    spec
      .given([created])
      .when({ type: 'CreateClient', ...scope, name: 'Again', contacts: [] })
      .thenRefuses('CONFLICT');
  });

  it('RenameContact: an event with the previous name; the same name nothing; an empty one refused', () => {
    const contactId = (created.data as { contacts: { contactId: string }[] }).contacts[0].contactId;
    spec
      .given([created])
      .when({ type: 'RenameContact', contactId, name: ' Janet Smith ' })
      .then([
        {
          type: 'ContactRenamed',
          data: {
            ...scope,
            contactId,
            name: 'Janet Smith',
            previousName: (created.data as any).contacts[0].name,
          },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'RenameContact', contactId, name: (created.data as any).contacts[0].name })
      .thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'RenameContact', contactId, name: ' ' })
      .thenRefuses('BAD_USER_INPUT', 'name');
    spec
      .given([created])
      .when({ type: 'RenameContact', contactId: 'nobody', name: 'X' })
      .thenRefuses('NOT_FOUND', 'contactId');
  });

  it('RenameClient: an event with the previous name; the same name decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'RenameClient', name: 'Smith and Co' })
      .then([
        { type: 'ClientRenamed', data: { ...scope, name: 'Smith and Co', previousName: 'Smith & Co' } },
      ]);
    spec.given([created]).when({ type: 'RenameClient', name: 'Smith & Co' }).thenNothingHappens();
    spec.given([]).when({ type: 'RenameClient', name: 'X' }).thenRefuses('NOT_FOUND');
  });

  it('AddContact refuses an email the client has already, whatever its case', () => {
    spec
      .given([created])
      .when({ type: 'AddContact', contact: { contactId: 'k2', name: 'Jane', email: 'jane@smith.test' } })
      .then([
        { type: 'ContactAdded', data: { ...scope, contactId: 'k2', name: 'Jane', email: 'jane@smith.test' } },
      ]);
    spec
      .given([created])
      .when({ type: 'AddContact', contact: { contactId: 'k2', name: 'J', email: 'JOHN@smith.test' } })
      .thenRefuses('BAD_USER_INPUT', 'input.email');
  });

  it('ChangeContactEmail and RemoveContact name the contact, and refuse one the client does not have', () => {
    spec
      .given([created])
      .when({ type: 'ChangeContactEmail', contactId: 'k1', email: 'j@smith.test' })
      .then([
        {
          type: 'ContactEmailChanged',
          data: {
            ...scope,
            contactId: 'k1',
            name: 'John',
            email: 'j@smith.test',
            previousEmail: 'john@smith.test',
          },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'ChangeContactEmail', contactId: 'k1', email: 'john@smith.test' })
      .thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'ChangeContactEmail', contactId: 'k1', email: 'bad' })
      .thenRefuses('BAD_USER_INPUT', 'email');
    spec
      .given([created])
      .when({ type: 'ChangeContactEmail', contactId: 'k9', email: 'a@b.test' })
      .thenRefuses('NOT_FOUND', 'contactId');
    spec
      .given([created])
      .when({ type: 'RemoveContact', contactId: 'k1' })
      .then([{ type: 'ContactRemoved', data: { ...scope, contactId: 'k1', name: 'John' } }]);
    const removed: ClientEvent = {
      type: 'ContactRemoved',
      data: { ...scope, contactId: 'k1', name: 'John' },
    };
    spec
      .given([created, removed])
      .when({ type: 'RemoveContact', contactId: 'k1' })
      .thenRefuses('NOT_FOUND', 'contactId');
  });

  it('ArchiveClient and UnarchiveClient happen once each', () => {
    const archived: ClientEvent = { type: 'ClientArchived', data: { ...scope, name: 'Smith & Co' } };
    spec.given([created]).when({ type: 'ArchiveClient' }).then([archived]);
    spec.given([created, archived]).when({ type: 'ArchiveClient' }).thenNothingHappens();
    spec
      .given([created, archived])
      .when({ type: 'UnarchiveClient' })
      .then([{ type: 'ClientUnarchived', data: { ...scope, name: 'Smith & Co' } }]);
    spec.given([created]).when({ type: 'UnarchiveClient' }).thenNothingHappens();
  });

  it('UpdateClientBillingDetails: set, kept when not given, cleared on an empty string; refuses two-line names', () => {
    const billing = { name: 'Smith & Co Ltd', address: '2 Low Road\nLeeds LS1 1AA', taxId: 'GB987654321' };
    const updated: ClientEvent = {
      type: 'ClientBillingDetailsUpdated',
      data: { ...scope, clientName: 'Smith & Co', billing },
    };
    spec
      .given([created])
      .when({
        type: 'UpdateClientBillingDetails',
        changes: { ...billing, address: '2 Low Road  \nLeeds LS1 1AA ' },
      })
      .then([updated]);
    spec
      .given([created, updated])
      .when({ type: 'UpdateClientBillingDetails', changes: { taxId: '', name: null } })
      .then([
        {
          type: 'ClientBillingDetailsUpdated',
          data: { ...scope, clientName: 'Smith & Co', billing: { ...billing, taxId: null } },
        },
      ]);
    spec
      .given([created, updated])
      .when({ type: 'UpdateClientBillingDetails', changes: { name: 'Smith & Co Ltd' } })
      .thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'UpdateClientBillingDetails', changes: { name: 'A\nB' } })
      .thenRefuses('BAD_USER_INPUT', 'input.name');
  });

  describe('EraseContact', () => {
    const erased: ClientEvent = { type: 'ContactErased', data: { ...scope, contactId: 'k1' } };
    const removed: ClientEvent = {
      type: 'ContactRemoved',
      data: { ...scope, contactId: 'k1', name: 'John' },
    };

    it('erases a live contact with an event that names no one', () => {
      spec.given([created]).when({ type: 'EraseContact', contactId: 'k1' }).then([erased]);
    });

    it('erases a removed contact too', () => {
      spec.given([created, removed]).when({ type: 'EraseContact', contactId: 'k1' }).then([erased]);
    });

    it('decides nothing for a contact erased already, and the erased contact is gone from the client', () => {
      spec.given([created, erased]).when({ type: 'EraseContact', contactId: 'k1' }).thenNothingHappens();
      spec
        .given([created, erased])
        .when({ type: 'RenameContact', contactId: 'k1', name: 'J' })
        .thenRefuses('NOT_FOUND');
    });

    it('refuses a contact the client never had', () => {
      spec
        .given([created])
        .when({ type: 'EraseContact', contactId: 'k9' })
        .thenRefuses('NOT_FOUND', 'contactId');
    });
  });
});
