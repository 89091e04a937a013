import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ProjectStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ProjectStatus, { name: 'ProjectStatus' });

/** `client`, `timeline`, `documents` and `tasks` are field resolvers (ProjectResolver), batched per request. */
@ObjectType()
export class Project {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ProjectStatus)
  status!: ProjectStatus;

  @Field()
  createdAt!: Date;

  clientId!: string;
  workspaceId!: string;
}
