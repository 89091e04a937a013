import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { hashToken } from './secret-token';

const WINDOW_SECONDS = 15 * 60;
export const LINKS_PER_EMAIL = 5;
/** Per address: an office behind one NAT may hold a client's many contacts. */
export const LINKS_PER_IP = 100;

/**
 * How many sign-in links an email address and a caller's address have asked
 * for in the last 15 minutes (Redis counters, under `scope`: contacts and
 * members count apart). While Redis is away a request goes through (logged):
 * the outbox keeps the email.
 */
export class SignInRateLimit {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly scope: 'login' | 'member-login',
    private readonly logger: Logger,
  ) {}

  async overLimit(email: string, ip: string): Promise<boolean> {
    const emailKey = `${this.prefix}:rl:${this.scope}:email:${hashToken(email.trim().toLowerCase()).toString('hex')}`;
    const ipKey = `${this.prefix}:rl:${this.scope}:ip:${ip}`;
    try {
      const results = await this.redis
        .multi()
        .incr(emailKey)
        .expire(emailKey, WINDOW_SECONDS, 'NX')
        .incr(ipKey)
        .expire(ipKey, WINDOW_SECONDS, 'NX')
        .exec();
      const emailCount = Number(results?.[0]?.[1] ?? 0);
      const ipCount = Number(results?.[2]?.[1] ?? 0);
      return emailCount > LINKS_PER_EMAIL || ipCount > LINKS_PER_IP;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'rate limit not checked: Redis unavailable');
      return false;
    }
  }
}

/** Waits until `floorMs` have passed since `started`: an answer that takes the same time whatever it found. */
export async function answerNoSoonerThan(started: number, floorMs: number): Promise<void> {
  const left = floorMs - (Date.now() - started);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}
