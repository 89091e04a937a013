import type { Queryable } from '../db/queryable';
import type { EventMetadata, RecordedEvent } from './event.types';
import { isSealed, newPersonalKey, open, seal } from './personal-data.cipher';
import { PersonalData } from './personal-data';
import { PersonalDataRegistry } from './personal-data.registry';

/** The keys table as a map: a subject's key, or null once erased (what pd_keys_for_sealing returns). */
function keysDb(keys: Map<string, Buffer | null>): Queryable {
  return {
    async query(text: any, values?: unknown[]) {
      const name = typeof text === 'string' ? text : text.name;
      const [subjects, fresh] = (typeof text === 'string' ? values : text.values) as [string[], Buffer[]];
      if (name === 'pd_keys_for_sealing')
        subjects.forEach((subject, index) => {
          if (!keys.has(subject)) keys.set(subject, fresh[index]);
        });
      const rows = subjects
        .filter((subject) => keys.has(subject) && (name === 'pd_keys_for_sealing' || keys.get(subject)))
        .map((subject) => ({ subject_id: subject, key: keys.get(subject) }));
      return { rows } as never;
    },
  };
}

const registry = new PersonalDataRegistry().register('ContactAdded', (d) => [
  { path: ['name'], subject: d.contactId, erased: 'Erased contact' },
  { path: ['email'], subject: d.contactId, erased: `erased-${d.contactId}@erased.invalid` },
]);
const metadata: EventMetadata = {
  actor: { kind: 'CONTACT', id: 'k1', name: 'Zoe Doe' },
  correlationId: 'r1',
  causationId: null,
};
const added = {
  type: 'ContactAdded',
  data: { clientId: 'c1', contactId: 'k2', name: 'Ann Lee', email: 'ann@x.test' },
};
const recorded = (data: unknown, meta: unknown): RecordedEvent =>
  ({ type: 'ContactAdded', data, metadata: meta }) as RecordedEvent;

describe('personal data: sealed in the log under the person’s own key', () => {
  it('AES-256-GCM: opens with its key, and reads as its stand-in with no key, a wrong key or a changed byte', () => {
    const key = newPersonalKey();
    const sealed = seal('Ann Lee', 'k2', key, 'Erased contact');
    expect(isSealed(sealed)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('Ann');
    expect(open(sealed, key)).toBe('Ann Lee');
    expect(open(sealed, null)).toBe('Erased contact');
    expect(open(sealed, newPersonalKey())).toBe('Erased contact');
    const bytes = Buffer.from(sealed.c, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(open({ ...sealed, c: bytes.toString('base64') }, key)).toBe('Erased contact');
    // Bound to its subject: the same ciphertext claimed for another person does not open.
    expect(open({ ...sealed, $pd: 'k3' }, key)).toBe('Erased contact');
  });

  it('seals the registered fields and the actor’s name; readers see the plain values back', async () => {
    const keys = new Map<string, Buffer | null>();
    const personal = new PersonalData(registry);
    const { stored, visible } = await personal.seal([added], metadata, keysDb(keys));
    expect(JSON.stringify(stored)).not.toMatch(/Ann|ann@|Zoe/);
    expect(stored.data[0]).toEqual(
      expect.objectContaining({
        clientId: 'c1',
        contactId: 'k2',
        name: expect.objectContaining({ $pd: 'k2' }),
      }),
    );
    expect(visible).toEqual({ data: [added.data], metadata });
    const [opened] = await personal.open([recorded(stored.data[0], stored.metadata)], keysDb(keys));
    expect(opened.data).toEqual(added.data);
    expect(opened.metadata).toEqual(metadata);
  });

  it('once a key is erased, its values read as stand-ins, and new ones are stored as stand-ins only', async () => {
    const keys = new Map<string, Buffer | null>();
    const personal = new PersonalData(registry);
    const before = await personal.seal([added], metadata, keysDb(keys));
    keys.set('k2', null);
    const [opened] = await personal.open(
      [recorded(before.stored.data[0], before.stored.metadata)],
      keysDb(keys),
    );
    expect(opened.data).toEqual({ ...added.data, name: 'Erased contact', email: 'erased-k2@erased.invalid' });
    expect(opened.metadata.actor.name).toBe('Zoe Doe');
    const after = await personal.seal([added], metadata, keysDb(keys));
    expect(after.stored.data[0]).toEqual({
      ...added.data,
      name: 'Erased contact',
      email: 'erased-k2@erased.invalid',
    });
    expect(after.visible.data[0]).toEqual(after.stored.data[0]);
    expect(personal.valuesOf([{ ...recorded(added.data, metadata) }], 'k2')).toEqual([
      'Ann Lee',
      'ann@x.test',
    ]);
  });

  it('a text a user typed that looks like a sealed value is only text, and events with nothing sealed are not copied', async () => {
    const personal = new PersonalData(registry);
    const typed = recorded(
      { body: '{"$pd":"k2","c":"AAAA"}' },
      { actor: { kind: 'SYSTEM', id: null, name: 'x' } },
    );
    const [same] = await personal.open([typed], keysDb(new Map()));
    expect(same).toBe(typed);
  });
});
