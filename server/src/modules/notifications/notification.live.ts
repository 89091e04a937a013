import type { LivePayload } from '../../graphql/live/live-subscription';

/** The bus topic of new notifications. */
export const NOTIFICATION_TOPIC = 'notification';

/** What the bus carries of a new notification: which row, for whom; the API reads it for that member. */
export interface NotificationLivePayload extends LivePayload {
  notificationId: string;
  memberId: string;
}

/** The keys a member's subscription listens on: their own notifications only. */
export const memberKeys = (memberId: string) => [`member:${memberId}`];
