import { Field, InputType } from 'type-graphql';
import { MemberRole } from '../workspaces/workspace.type';

@InputType()
export class InviteMemberInput {
  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => MemberRole, { nullable: true, defaultValue: MemberRole.MEMBER })
  role?: MemberRole | null;
}
