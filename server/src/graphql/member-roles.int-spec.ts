import { randomUUID } from 'node:crypto';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  type GraphQLInputType,
  type GraphQLField,
} from 'graphql';
import {
  createTestWorkspace,
  errorCode,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { inviteMember, invitationToken, signInMemberWith } from '../test/member.fixture';
import { graphqlSchema } from './schema';

/** The operations only an OWNER may call (the team). Every other mutation is any member's. */
/** The team's operations, and the erasures (GDPR's right to erasure is the owner's to grant). */
const OWNER_ONLY = ['inviteMember', 'removeMember', 'setMemberRole', 'eraseContact', 'eraseMember'];

/** A value of the input type that the schema accepts: what a caller could send without knowing anything. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, sample(field.type)]),
    );
  switch (type.name) {
    case 'ID':
      return randomUUID();
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTime':
      return new Date().toISOString();
    default:
      return 'x';
  }
}

/** `mutation($a: T!) { name(a: $a) { __typename } }` and its variables: required arguments only. */
function call(field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
  const args = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const declared = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isAbstractType(named) ? ' { __typename }' : '';
  return {
    query: `mutation${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(args.map((arg) => [arg.name, sample(arg.type)])),
  };
}

/**
 * The rule of roles, read from the schema itself: every mutation called by a
 * member whose role is MEMBER is FORBIDDEN exactly when it is the team's
 * (OWNER only), and never FORBIDDEN otherwise; the OWNER is refused none.
 */
describe('every mutation as a MEMBER and as an OWNER', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let memberCookie: { cookie: string };
  let mutations: GraphQLField<unknown, unknown>[];

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    const mia = await inviteMember(api, ws, { name: 'Mia Member', email: 'mia@roles.test' });
    memberCookie = await signInMemberWith(api, (await invitationToken(api, mia.id))!);
    // signOut last: it ends the very session the others are called with.
    mutations = Object.values((await graphqlSchema()).getMutationType()!.getFields()).sort(
      (a, b) => Number(a.name === 'signOut') - Number(b.name === 'signOut'),
    );
  });
  afterAll(() => api.stop());

  it('a MEMBER is FORBIDDEN the team operations and nothing else', async () => {
    expect(mutations.length).toBeGreaterThan(30);
    const outcomes: Record<string, string> = {};
    for (const field of mutations) {
      const { query, variables } = call(field);
      const code = errorCode(await api.gql(query, variables, memberCookie));
      outcomes[field.name] = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? code : 'allowed';
    }
    // (The sign-in mutations answer UNAUTHENTICATED to a made-up token, whoever asks.)
    const expected = (name: string) =>
      OWNER_ONLY.includes(name)
        ? 'FORBIDDEN'
        : /^signIn(Member|WithLoginLink)$/.test(name)
          ? 'UNAUTHENTICATED'
          : 'allowed';
    expect(outcomes).toEqual(Object.fromEntries(mutations.map((f) => [f.name, expected(f.name)])));
  });

  it('an OWNER is FORBIDDEN none of them', async () => {
    const forbidden: string[] = [];
    for (const field of mutations.filter((f) => OWNER_ONLY.includes(f.name) || f.name.startsWith('update'))) {
      const { query, variables } = call(field);
      if (errorCode(await api.gql(query, variables, ws.token)) === 'FORBIDDEN') forbidden.push(field.name);
    }
    expect(forbidden).toEqual([]);
  });
});
