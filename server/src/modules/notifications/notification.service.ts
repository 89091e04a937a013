import type { Pool } from 'pg';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { CommandHandler } from '../../projections/command-handler';
import { decodeKeyset, pageOf, requireFirst } from '../shared/keyset-cursor';
import { isUuid } from '../shared/validation';
import { workspaceStreamId } from '../workspaces/workspace.events';
import {
  notificationSettingsDecider,
  type NotificationSettingsCommand,
} from './notification-settings.decider';
import type { EmailNotificationMode } from './notification-settings.events';
import type { Notification, NotificationConnection } from './notification.type';

const COLUMNS = `id, type, summary, actor, project_id AS "projectId", link, occurred_at AS "occurredAt",
  read_at IS NOT NULL AS read, occurred_at::text AS sort_at`;

/**
 * The signed-in member's notifications (only ever their own), and their
 * settings. Reading is the member's own state, kept in the row (read_at), not
 * an event: it changes nothing any other reader or replay depends on.
 */
export class NotificationService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly clock: () => Date,
  ) {}

  /** Newest first, by keyset (occurred_at, id), with the unread count of all of them. */
  async list(
    viewer: MemberViewer,
    args: { first: number; after: string | null; unreadOnly: boolean },
  ): Promise<NotificationConnection> {
    const first = requireFirst(args.first);
    const [occurredAt, id] = args.after ? decodeKeyset(args.after, 2) : [null, null];
    const [{ rows }, unread] = await Promise.all([
      this.pool.query(
        `SELECT ${COLUMNS} FROM notifications
         WHERE member_id = $1 AND workspace_id = $2 AND (NOT $3 OR read_at IS NULL)
           AND ($4::timestamptz IS NULL OR (occurred_at, id::text) < ($4, $5))
         ORDER BY occurred_at DESC, id::text DESC LIMIT $6`,
        [viewer.memberId, viewer.workspaceId, args.unreadOnly, occurredAt, id, first + 1],
      ),
      this.pool.query(
        'SELECT count(*)::int AS n FROM notifications WHERE member_id = $1 AND workspace_id = $2 AND read_at IS NULL',
        [viewer.memberId, viewer.workspaceId],
      ),
    ]);
    return {
      ...pageOf(
        rows,
        first,
        (row) => [row.sort_at, row.id],
        ({ sort_at: _s, ...node }) => node,
      ),
      unreadCount: unread.rows[0].n,
    };
  }

  /** One of the member's own notifications (a live update), or null: not theirs, or no such row. */
  async liveNotification(viewer: MemberViewer, id: string): Promise<Notification | null> {
    if (!isUuid(id)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM notifications WHERE id = $1 AND member_id = $2 AND workspace_id = $3`,
      [id, viewer.memberId, viewer.workspaceId],
    );
    if (!rows[0]) return null;
    const { sort_at: _s, ...notification } = rows[0];
    return notification;
  }

  /** Marks the given notifications of the viewer (others' ids count nothing), or all when ids is null; how many changed. */
  async markRead(viewer: MemberViewer, ids: string[] | null): Promise<number> {
    const wanted = ids === null ? null : ids.filter(isUuid);
    if (wanted && !wanted.length) return 0;
    const { rowCount } = await this.pool.query(
      `UPDATE notifications SET read_at = $3 WHERE member_id = $1 AND workspace_id = $2 AND read_at IS NULL
         AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))`,
      [viewer.memberId, viewer.workspaceId, this.clock(), wanted],
    );
    return rowCount ?? 0;
  }

  private run(viewer: MemberViewer, command: NotificationSettingsCommand, requestId: string) {
    return this.commands.handle(workspaceStreamId(viewer.workspaceId), notificationSettingsDecider, command, {
      actor: actorOf(viewer),
      correlationId: requestId,
      tenantId: viewer.workspaceId,
    });
  }

  /** The member's own choice (EmailNotificationsChanged on the workspace's stream). */
  async setEmailNotifications(viewer: MemberViewer, mode: EmailNotificationMode, requestId: string) {
    await this.run(viewer, { type: 'ChangeEmailNotifications', memberId: viewer.memberId, mode }, requestId);
  }

  /** The workspace's time zone (WorkspaceTimeZoneSet); BAD_USER_INPUT on timeZone for a name Intl does not know. */
  async setTimeZone(viewer: MemberViewer, timeZone: string, requestId: string) {
    await this.run(viewer, { type: 'SetWorkspaceTimeZone', timeZone }, requestId);
  }
}
