import { ok, type GraphQLResult, type TestApi, type TestWorkspace } from './api.harness';

export const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id name email role } }`;
export const SIGN_IN_MEMBER = `mutation($t: String!) { signInMember(token: $t) { member { id role } workspace { id } } }`;

export interface TestMember {
  id: string;
  name: string;
  email: string;
  role: 'OWNER' | 'MEMBER';
}

/** A member invited by the workspace's owner (role MEMBER unless told). */
export async function inviteMember(
  api: TestApi,
  ws: TestWorkspace,
  input: { name: string; email: string; role?: 'OWNER' | 'MEMBER' },
  as: string = ws.token,
): Promise<TestMember> {
  return ok(await api.gql<{ inviteMember: TestMember }>(INVITE, { input }, as)).inviteMember;
}

/** The raw token of the newest invitation of `memberId`, read from the outbox as the email job would. */
export async function invitationToken(api: TestApi, memberId: string): Promise<string | null> {
  const { rows } = await api.db.owner.query(
    `SELECT o.payload->>'token' AS token FROM email_outbox o JOIN es_events e ON e.event_id = o.event_id
     WHERE e.type = 'MemberInvited' AND e.data->>'memberId' = $1 ORDER BY e.global_position DESC LIMIT 1`,
    [memberId],
  );
  return rows[0]?.token ?? null;
}

/** The raw tokens of the newest member sign-in request for an address, by workspace id. */
export async function memberSignInTokens(api: TestApi, email: string): Promise<Map<string, string>> {
  const { rows } = await api.db.owner.query(
    `SELECT o.payload FROM email_outbox o JOIN es_events e ON e.event_id = o.event_id
     JOIN members m ON m.id = (e.data->>'memberId')::uuid
     WHERE e.type = 'MemberSignInLinkRequested' AND lower(m.email) = lower($1)
     ORDER BY e.global_position DESC LIMIT 1`,
    [email],
  );
  const links: { workspaceId: string; token: string }[] = rows[0]?.payload.links ?? [];
  return new Map(links.map((link) => [link.workspaceId, link.token]));
}

/** Exchanges a link's token for the console's session cookie ("portal_member_session=…"). */
export async function signInMemberWith(api: TestApi, token: string): Promise<{ cookie: string }> {
  const response = await api.post(SIGN_IN_MEMBER, { t: token });
  ok((await response.json()) as GraphQLResult);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('signInMember set no cookie');
  return { cookie };
}

/** Signs a member in as the console does: request a link by email, use the one for this workspace. */
export async function signInAsMember(
  api: TestApi,
  email: string,
  workspaceId: string,
): Promise<{ cookie: string }> {
  ok(await api.gql('mutation($e: String!) { requestMemberSignInLink(email: $e) }', { e: email }));
  const token = (await memberSignInTokens(api, email)).get(workspaceId);
  if (!token) throw new Error(`no console sign-in link was made for ${email} in ${workspaceId}`);
  return signInMemberWith(api, token);
}
