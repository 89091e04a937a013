import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EventStore } from '../event-store/event-store';
import { eventPersonalData, eventUpcasters } from '../modules';
import { adminQuery, databaseUrl } from '../test/test-database';
import { runMigrations } from './migrations';
import { createPool } from './pool';

/** The first migration of sealed personal data (its keys' table); the database is made as the release before left it. */
const FIRST_OF_SEALING = '1765008000200';

/**
 * A log written by the release before personal data was sealed (plain names
 * and emails in data and in the actors), then migrated: the personal values
 * move under per-person keys by copy-and-replace, everything else stays as it
 * was, and readers see the same events.
 */
describe('migration: the personal data already in the log, sealed', () => {
  const name = `portal_seal_${process.pid}`;
  const url = databaseUrl(name);
  let owner: Pool;
  let app: Pool;
  const workspaceId = randomUUID();
  const clientId = randomUUID();
  const contactId = randomUUID();
  const memberId = randomUUID();
  const actor = (kind: 'MEMBER' | 'CONTACT' | 'SYSTEM', id: string, who: string) => ({
    actor: { kind, id, name: who },
    correlationId: randomUUID(),
    causationId: null,
    tenantId: workspaceId,
  });
  const legacy = [
    {
      stream: `workspace-${workspaceId}`,
      type: 'WorkspaceCreated',
      data: {
        workspaceId,
        name: 'Studio',
        slug: 'studio',
        owner: { memberId, name: 'Olga Ownerby', email: 'olga@studio.test' },
      },
      metadata: actor('SYSTEM', '', 'CLI'),
    },
    {
      stream: `client-${clientId}`,
      type: 'ClientCreated',
      data: {
        workspaceId,
        clientId,
        name: 'Acme',
        contacts: [{ contactId, name: 'Petra Plainly', email: 'petra@acme.test' }],
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      metadata: actor('MEMBER', memberId, 'Olga Ownerby'),
    },
    {
      stream: `signin-${contactId}`,
      type: 'ContactSignedIn',
      data: {
        workspaceId,
        clientId,
        contactId,
        name: 'Petra Plainly',
        sessionId: randomUUID(),
        signedInAt: '2026-01-02T00:00:00.000Z',
      },
      metadata: actor('CONTACT', contactId, 'Petra Plainly'),
    },
  ];
  let before: any[];

  beforeAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    await runMigrations(url, { before: FIRST_OF_SEALING });
    owner = createPool(url, { max: 2, asAppRole: false });
    for (const event of legacy) {
      // As the release before wrote it: plain JSON through es_append.
      await owner.query('SELECT * FROM es_append($1, $2, NULL, $3)', [
        event.stream,
        event.stream.split('-')[0],
        JSON.stringify([
          {
            eventId: randomUUID(),
            type: event.type,
            schemaVersion: 1,
            data: event.data,
            metadata: event.metadata,
          },
        ]),
      ]);
    }
    before = (await owner.query('SELECT * FROM es_events ORDER BY global_position')).rows;
    expect(JSON.stringify(before)).toContain('Petra Plainly');
    await runMigrations(url);
    app = createPool(url, { max: 2 });
  }, 60_000);

  afterAll(async () => {
    await owner?.end();
    await app?.end();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('leaves no plain name or email in the log, and every other column as it was', async () => {
    const after = (await owner.query('SELECT * FROM es_events ORDER BY global_position')).rows;
    const text = JSON.stringify(after.map((row) => [row.data, row.metadata]));
    for (const plain of ['Petra', 'petra@acme.test', 'Olga', 'olga@studio.test'])
      expect(text).not.toContain(plain);
    const keep = ({ data: _data, metadata: _metadata, hash: _hash, ...rest }: any) => rest;
    expect(after.map(keep)).toEqual(before.map(keep));
    expect(after[1].data.contacts[0].name).toEqual(expect.objectContaining({ $pd: contactId }));
    expect(after[1].metadata.actor.name).toEqual(expect.objectContaining({ $pd: memberId }));
  });

  it('reads back the same events through the store', async () => {
    const store = new EventStore(app, eventUpcasters(), eventPersonalData());
    const read = (await store.readAll(undefined, 100, { belowRunningTransactions: false })).events;
    expect(read.map((event) => event.data)).toEqual(before.map((row) => row.data));
    expect(read.map((event) => event.metadata)).toEqual(before.map((row) => row.metadata));
  });

  it('is the log still: append-only for the service, and appends go on after the copied positions', async () => {
    await expect(app.query(`UPDATE es_events SET type = 'x' WHERE false`)).rejects.toMatchObject({
      code: '42501',
    });
    await expect(owner.query(`DELETE FROM es_events WHERE false`)).rejects.toMatchObject({ code: 'P0403' });
    const store = new EventStore(app, eventUpcasters(), eventPersonalData());
    const appended = await store.append(
      `client-${clientId}`,
      1,
      [
        {
          type: 'ContactRenamed',
          data: { workspaceId, clientId, contactId, name: 'Petra P.', previousName: 'Petra Plainly' },
        },
      ],
      actor('MEMBER', memberId, 'Olga Ownerby'),
    );
    expect(BigInt(appended.events[0].globalPosition)).toBeGreaterThan(BigInt(before.at(-1).global_position));
  });

  it('a contact recorded before the migration can be erased: their key goes, their events read as stand-ins', async () => {
    const store = new EventStore(app, eventUpcasters(), eventPersonalData());
    await store.personalData.keys.erase(contactId, app);
    const events = await store.readStream(`client-${clientId}`);
    expect(JSON.stringify(events)).not.toContain('Petra');
    expect((events[0].data as any).contacts[0].name).toBe('Erased contact');
    expect((events[0].metadata as any).actor.name).toBe('Olga Ownerby');
  });
});
