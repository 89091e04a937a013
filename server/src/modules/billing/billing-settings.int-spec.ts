import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts } from '../../test/email.fixture';

const SETTINGS = `{ viewer { ... on MemberViewer { workspace {
  billingProfile { legalName address taxId paymentInstructions } reminderSchedule { daysFromDue } } } } }`;
const UPDATE_PROFILE = `mutation($input: BillingProfileInput!) { updateBillingProfile(input: $input) {
  billingProfile { legalName address taxId paymentInstructions } } }`;
const UPDATE_SCHEDULE = `mutation($d: [Int!]!) { updateReminderSchedule(daysFromDue: $d) { reminderSchedule { daysFromDue } } }`;
const UPDATE_CLIENT = `mutation($id: ID!, $input: ClientBillingDetailsInput!) { updateClientBillingDetails(clientId: $id, input: $input) {
  billingDetails { name address taxId } } }`;

describe('billing settings through the API', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let clientId: string;
  let contactEmail: string;
  const as = (query: string, variables: Record<string, unknown> = {}) => api.gql(query, variables, ws.token);
  const events = async () => (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    contactEmail = 'ana@billing-client.test';
    clientId = (await createClientWithContacts(api, ws, [{ name: 'Ana', email: contactEmail }])).clientId;
  });
  afterAll(() => api?.stop());

  it('a new workspace has no profile and reminds at -3, 0 and 7 days', async () => {
    expect(ok(await as(SETTINGS)).viewer.workspace).toEqual({
      billingProfile: { legalName: null, address: null, taxId: null, paymentInstructions: null },
      reminderSchedule: { daysFromDue: [-3, 0, 7] },
    });
  });

  it('updateBillingProfile sets, keeps and clears; one event per change on the billing stream', async () => {
    const profile = ok(
      await as(UPDATE_PROFILE, {
        input: {
          legalName: 'Northwind Studio Ltd',
          address: '1 High Street\nLondon N1 1AA',
          taxId: 'GB123456789',
          paymentInstructions: 'Bank transfer to IBAN GB33 BUKB 2020 1555 5555 55',
        },
      }),
    ).updateBillingProfile.billingProfile;
    expect(profile.address).toBe('1 High Street\nLondon N1 1AA');
    const cleared = ok(await as(UPDATE_PROFILE, { input: { taxId: '' } })).updateBillingProfile
      .billingProfile;
    expect(cleared).toEqual({ ...profile, taxId: null });
    const { rows } = await api.db.owner.query(
      `SELECT type, metadata->'actor'->>'kind' AS actor FROM es_events WHERE stream_id = $1 ORDER BY stream_position`,
      [`billing-${ws.workspaceId}`],
    );
    expect(rows).toEqual([
      { type: 'BillingProfileUpdated', actor: 'MEMBER' },
      { type: 'BillingProfileUpdated', actor: 'MEMBER' },
    ]);
  });

  it('updateReminderSchedule sorts the days; a bad day is BAD_USER_INPUT naming it and appends nothing', async () => {
    expect(ok(await as(UPDATE_SCHEDULE, { d: [10, -1, 0] })).updateReminderSchedule.reminderSchedule).toEqual(
      {
        daysFromDue: [-1, 0, 10],
      },
    );
    const before = await events();
    const refused = await as(UPDATE_SCHEDULE, { d: [1, 400] });
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'daysFromDue.1' });
    expect(refused.errors?.[0].message).toMatch(/365/);
    expect(await events()).toBe(before);
    expect(
      ok(await as(UPDATE_SCHEDULE, { d: [] })).updateReminderSchedule.reminderSchedule.daysFromDue,
    ).toEqual([]);
  });

  it("updateClientBillingDetails: the billing name falls back to the client's name; contacts read, never write", async () => {
    const details = ok(
      await as(UPDATE_CLIENT, {
        id: clientId,
        input: { address: 'Rue 1\n75001 Paris', taxId: 'FR12345678901' },
      }),
    ).updateClientBillingDetails.billingDetails;
    expect(details).toEqual({
      name: expect.stringMatching(/^Client /),
      address: 'Rue 1\n75001 Paris',
      taxId: 'FR12345678901',
    });
    const named = ok(await as(UPDATE_CLIENT, { id: clientId, input: { name: 'Ana SARL' } }))
      .updateClientBillingDetails.billingDetails;
    expect(named.name).toBe('Ana SARL');

    const contact = await signInAsContact(api, ws.slug, contactEmail);
    const seen = ok(
      await api.gql(
        `{ viewer { ... on ContactViewer { client { billingDetails { name taxId } } } } }`,
        {},
        contact,
      ),
    );
    expect(seen.viewer.client.billingDetails).toEqual({ name: 'Ana SARL', taxId: 'FR12345678901' });
    const before = await events();
    expect(errorCode(await api.gql(UPDATE_CLIENT, { id: clientId, input: { name: 'Me' } }, contact))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await api.gql(UPDATE_PROFILE, { input: { legalName: 'Me' } }, contact))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await api.gql(UPDATE_SCHEDULE, { d: [1] }))).toBe('UNAUTHENTICATED');
    const long = await as(UPDATE_CLIENT, { id: clientId, input: { taxId: 'x'.repeat(51) } });
    expect(long.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.taxId' });
    expect(await events()).toBe(before);
  });
});
