import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateTaskInput {
  @Field(() => ID)
  projectId!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Date, { nullable: true })
  dueDate?: Date | null;

  @Field(() => ID, { nullable: true })
  assigneeContactId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Members only. Left out: shared with the client; false keeps the task internal.',
  })
  sharedWithClient?: boolean | null;
}

/** A field left out stays as it is; description, dueDate and assigneeContactId given as null are cleared. */
@InputType()
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Date, { nullable: true })
  dueDate?: Date | null;

  @Field(() => ID, { nullable: true })
  assigneeContactId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Members only: true shares the task with the client, false makes it internal.',
  })
  sharedWithClient?: boolean | null;
}
