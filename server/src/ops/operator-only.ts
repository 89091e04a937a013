import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

export const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const REALM = 'Basic realm="Client portal operations", charset="UTF-8"';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** The secret an Authorization header carries: a Bearer token, or the password of Basic (what a browser asks for). */
function presented(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

/**
 * The operator's routes (/admin/queues, /metrics), never a tenant's: a
 * workspace member's token, a contact's cookie or anything else is nobody.
 * Served to loopback callers that send no credentials (req.ip honours
 * X-Forwarded-For from a loopback proxy, so a relayed request counts as from
 * where it came) and, with OPS_TOKEN set, to whoever sends it, as a Bearer
 * token or as the password of Basic authentication (a browser prompts).
 * Any other Authorization is refused, from loopback too.
 */
export function operatorOnly(opsToken: string | undefined): RequestHandler {
  const expected = opsToken ? digest(opsToken) : null;
  return (req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    const header = req.headers.authorization;
    if (header) {
      const secret = presented(header);
      if (expected && secret !== null && timingSafeEqual(digest(secret), expected)) return next();
      if (expected) res.setHeader('www-authenticate', REALM);
      res.status(401).type('text/plain').send('For the operator only: these credentials are not OPS_TOKEN.');
      return;
    }
    if (LOOPBACK.has(req.ip ?? '')) return next();
    if (expected) {
      res.setHeader('www-authenticate', REALM);
      res.status(401).type('text/plain').send('For the operator only: send OPS_TOKEN.');
      return;
    }
    res
      .status(403)
      .type('text/plain')
      .send('For the operator only, on this machine (set OPS_TOKEN to reach it from elsewhere).');
  };
}
