import type { DomainEvent } from '../../event-store/event.types';

export type EmailNotificationMode = 'INSTANT' | 'DAILY_DIGEST' | 'OFF';
export const EMAIL_NOTIFICATION_MODES: readonly EmailNotificationMode[] = ['INSTANT', 'DAILY_DIGEST', 'OFF'];

/** A member chose how they hear of what clients do (on the workspace's stream, as the team's changes). */
export type EmailNotificationsChanged = DomainEvent<
  'EmailNotificationsChanged',
  { workspaceId: string; memberId: string; mode: EmailNotificationMode; previousMode: EmailNotificationMode }
>;

/** The workspace's time zone (an IANA name): when the daily digests go out (08:00 there). */
export type WorkspaceTimeZoneSet = DomainEvent<
  'WorkspaceTimeZoneSet',
  { workspaceId: string; timeZone: string; previousTimeZone: string }
>;

export type NotificationSettingsEvent = EmailNotificationsChanged | WorkspaceTimeZoneSet;

export const DEFAULT_TIME_ZONE = 'UTC';
