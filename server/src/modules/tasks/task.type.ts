import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Actor } from '../../graphql/common.type';

export enum TaskStatus {
  TODO = 'TODO',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

@ObjectType()
export class TaskComment {
  @Field(() => ID)
  id!: string;

  @Field()
  body!: string;

  @Field(() => Actor)
  author!: Actor;

  @Field()
  createdAt!: Date;

  taskId!: string;
}

/** `comments` is a field resolver (TaskResolver), batched per request. */
@ObjectType()
export class Task {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => Date, { nullable: true })
  dueDate!: Date | null;

  @Field(() => Actor, { nullable: true })
  assignee!: Actor | null;

  @Field({
    description:
      "false: internal, the members' alone. true: the client's contacts see it as the workspace's task settings allow (contacts only ever see shared tasks).",
  })
  sharedWithClient!: boolean;

  @Field(() => Actor)
  createdBy!: Actor;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  workspaceId!: string;
  clientId!: string;
  projectId!: string;
}
