import { defineProjection } from '../../projections/inline-projection';
import type { NotificationSettingsEvent } from './notification-settings.events';

/**
 * members.email_notifications and workspaces.time_zone. Runs after the
 * members' and workspaces' projections (their rows exist), and owns no table
 * of its own: a rebuild empties those tables through their projections.
 */
export const notificationSettingsProjection = defineProjection<NotificationSettingsEvent>({
  name: 'notification-settings',
  tables: [],
  handlers: {
    async EmailNotificationsChanged({ data }, db) {
      await db.query('UPDATE members SET email_notifications = $2 WHERE id = $1', [data.memberId, data.mode]);
    },
    async WorkspaceTimeZoneSet({ data }, db) {
      await db.query('UPDATE workspaces SET time_zone = $2 WHERE id = $1', [data.workspaceId, data.timeZone]);
    },
  },
});
