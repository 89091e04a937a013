import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { viewerOf } from '../../graphql/viewer.union';
import { liveSubscription } from '../../graphql/live/live-subscription';
import { DomainError } from '../../projections/domain.errors';
import { TIMELINE_TOPIC, timelineKeys, type TimelineLivePayload } from './timeline.live';
import { TimelineEntry } from './timeline.type';

/** A project's new timeline entries as they are recorded, each as the viewer may read it at that moment. */
async function timelineEntries({
  args,
  context,
}: {
  args: Record<string, unknown>;
  context: GraphQLContext;
}) {
  const projectId = String(args.projectId);
  const project = await context.services.projects.byId(viewerOf(context), projectId);
  if (!project) throw new DomainError('NOT_FOUND', 'no such project', 'projectId');
  const timeline = context.services.timeline;
  return liveSubscription(context.live, TIMELINE_TOPIC, timelineKeys(project), (payload, viewer) =>
    timeline.liveEntry((payload as TimelineLivePayload).entryId, project.id, {
      workspaceId: viewer.workspaceId,
      contactClientId: viewer.kind === 'CONTACT' ? viewer.clientId : null,
    }),
  );
}

@Resolver()
export class TimelineLiveResolver {
  @Authorized()
  @Subscription(() => TimelineEntry, {
    description:
      'Members and contacts who may see the project: each new timeline entry the viewer may see, as it is recorded.',
    subscribe: timelineEntries,
  })
  timelineEntryAdded(
    @Root() entry: TimelineEntry,
    @Arg('projectId', () => ID) _projectId: string,
    @Ctx() _ctx: GraphQLContext,
  ): TimelineEntry {
    return entry;
  }
}
