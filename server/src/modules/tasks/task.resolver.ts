import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { ScopedCtx } from '../../graphql/scoped-context';
import { viewerOf } from '../../graphql/viewer.union';
import { CreateTaskInput, UpdateTaskInput } from './task.input';
import { Task, TaskComment, TaskStatus } from './task.type';

@Resolver(() => Task)
export class TaskResolver {
  @FieldResolver(() => [TaskComment])
  comments(@Root() task: Task, @ScopedCtx() ctx: GraphQLContext) {
    return ctx.loaders.commentsByTaskId.load(task.id);
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Members; contacts when clientsCanCreate.' })
  createTask(@Arg('input', () => CreateTaskInput) input: CreateTaskInput, @Ctx() ctx: GraphQLContext) {
    return ctx.services.tasks.create(viewerOf(ctx), input, ctx.requestId);
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Members; contacts when clientsCanEdit.' })
  updateTask(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateTaskInput) input: UpdateTaskInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.tasks.update(viewerOf(ctx), id, input, ctx.requestId);
  }

  @Authorized()
  @Mutation(() => Task, { description: 'Members; contacts when clientsCanEdit.' })
  setTaskStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => TaskStatus) status: TaskStatus,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.tasks.setStatus(viewerOf(ctx), id, status, ctx.requestId);
  }

  @Authorized()
  @Mutation(() => TaskComment, { description: 'Members; contacts when clientsCanComment.' })
  commentOnTask(
    @Arg('taskId', () => ID) taskId: string,
    @Arg('body', () => String) body: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.tasks.comment(viewerOf(ctx), taskId, body, ctx.requestId);
  }
}
