import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Configuration, parsed once at start. A bad value stops the process with one
 * line per variable naming it (exit code 2, see main.ts).
 */
const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` },
  );

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(4000),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /**
   * How the service logs in: its own role, portal_app, never the owner. Unset: portal_app on
   * DATABASE_URL's server and database without a password (trust or peer, as locally). With a
   * password, npm run migrate (as DATABASE_URL's owner) gives portal_app that password.
   */
  DATABASE_APP_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /**
   * Prefix of every Redis key the service writes (queues, rate limits): several installs may share
   * one Redis. Unset: the name of DATABASE_URL's database (defaultRedisPrefix), so that installs with
   * databases of their own never take each other's jobs.
   */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,40}$/, 'must be 1 to 40 letters, digits, dots, dashes or underscores')
    .optional(),
  /** The operator's secret for /admin/queues and /metrics from outside loopback; unset: loopback only. */
  OPS_TOKEN: z
    .string()
    .trim()
    .min(16, 'must be at least 16 characters (a secret, such as openssl rand -hex 32)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Email: without SMTP_URL or an API key, messages go to the dev mailbox (a table, shown at /dev/mailbox).
  SENDGRID_API_KEY: z.string().trim().min(1).optional(),
  EMAIL_FROM: z
    .string()
    .trim()
    .regex(/^[^\s@<>"]+@[^\s@<>"]+$/, 'must be an email address such as portal@example.com')
    .default('portal@localhost'),
  SENDGRID_API_URL: url(['http:', 'https:']).optional(),
  /** Any SMTP server (smtp://user:pass@host:587, smtps://…:465); wins over SENDGRID_API_KEY. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** The Reply-To of a workspace's emails when it has no reply address of its own (its owner's email). */
  EMAIL_REPLY_TO: z
    .string()
    .trim()
    .regex(/^[^\s@<>"]+@[^\s@<>"]+$/, 'must be an email address such as replies@example.com')
    .optional(),
  // Payments: without STRIPE_SECRET_KEY online payment is off (invoices are still paid through recordPayment).
  STRIPE_SECRET_KEY: z.string().trim().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().trim().min(1).optional(),
  /** Stripe's base address (a local double, stripe-mock); unset: Stripe's own. */
  STRIPE_API_URL: url(['http:', 'https:']).optional(),
  // Files: MinIO or any S3. Without S3_ENDPOINT an embedded S3-compatible server runs on loopback (.data/s3).
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  /** Where browsers reach the same S3 when it differs from S3_ENDPOINT (docker-compose: http://localhost:9000). */
  S3_PUBLIC_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_ACCESS_KEY: z.string().trim().min(1).optional(),
  S3_SECRET_KEY: z.string().trim().min(1).optional(),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a bucket name: 3 to 63 lower-case letters, digits, dots, dashes',
    )
    .default('portal'),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'must be a region such as us-east-1')
    .default('us-east-1'),
  /** The largest project document, in bytes (branding images: 5 MiB at most, whatever this says). */
  UPLOAD_MAX_BYTES: z.coerce
    .number({ message: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(1, 'must be at least 1 byte')
    .max(2 ** 31 - 1, 'must be at most 2147483647 (UploadTicket.maxSize is a GraphQL Int)')
    .default(25 * 1024 * 1024),
  /** The content types a project document may have, comma-separated; unset: DEFAULT_UPLOAD_CONTENT_TYPES. */
  UPLOAD_CONTENT_TYPES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((type) => type.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((types) => types.length > 0 && types.every((type) => MEDIA_TYPE.test(type)), {
      message: 'must be content types separated by commas, such as application/pdf,image/png',
    })
    .optional(),
  // Live updates (GraphQL subscriptions over WebSocket at /graphql), per API process.
  /** Open sockets one viewer (a member or a contact) may hold in one API process; the next is closed 4429. */
  LIVE_MAX_SOCKETS_PER_VIEWER: z.coerce.number().int().min(1).max(1000).default(10),
  /** Subscriptions running at once on one socket; the next is refused TOO_MANY_REQUESTS. */
  LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(1000).default(20),
  /** How often an idle socket is pinged (ms); a socket that has not answered by the next ping is dropped. */
  LIVE_KEEPALIVE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** Bytes a socket may have waiting to be sent; a consumer slower than that is closed 1013 rather than buffered. */
  LIVE_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 30)
    .default(1024 * 1024),
  /** How long a socket's session is trusted before the next event checks it again (ms); 0: every event. */
  LIVE_RECHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /**
   * What runs a query or mutation over HTTP once Apollo has parsed and validated it: `jit`, each
   * document compiled once by graphql-jit (jit.executor.ts); `graphql-js`, graphql-js's own
   * execute. Subscriptions (WebSocket) always run on graphql-js.
   */
  GRAPHQL_EXECUTOR: z.enum(['jit', 'graphql-js']).default('jit'),
  /**
   * `on`: a query's answer is given again from memory while the viewer's workspace's log has not
   * moved, checked by one statement per request (graphql/answer-cache/); `off`: every answer is
   * computed.
   */
  GRAPHQL_ANSWER_CACHE: z.enum(['on', 'off']).default('on'),
});

/** Every variable the configuration reads (the README's table lists each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_URL' | 'REDIS_PREFIX'> & {
  PUBLIC_URL: string;
  REDIS_PREFIX: string;
};

/** The database the service uses when DATABASE_URL is unset (npm start's local and embedded servers too). */
const DEFAULT_DATABASE_NAME = 'portal';

/**
 * REDIS_PREFIX's default: the name of the database (`portal` for the default
 * one, as before), so each database's jobs have keys of their own. A name
 * with characters a prefix cannot hold, or longer than 40, is made one that
 * can, with a hash of the whole name keeping two such names apart.
 */
export function defaultRedisPrefix(databaseUrl: string | undefined): string {
  let name = DEFAULT_DATABASE_NAME;
  if (databaseUrl) name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || DEFAULT_DATABASE_NAME;
  if (/^[\w.-]{1,40}$/.test(name)) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.replace(/[^\w.-]/g, '_').slice(0, 31)}-${hash}`;
}

/** A configured S3 needs its keys: an endpoint without them (or keys without an endpoint) is a mistake. */
function s3Problems(config: z.infer<typeof schema>, env: NodeJS.ProcessEnv): string[] {
  const keys = ['S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const;
  if (config.S3_ENDPOINT)
    return keys
      .filter((key) => !config[key])
      .map((key) => `${key}: must be set when S3_ENDPOINT is (got ${JSON.stringify(env[key])})`);
  if (config.S3_PUBLIC_ENDPOINT)
    return ['S3_PUBLIC_ENDPOINT: needs S3_ENDPOINT too (the embedded S3 server has its own address)'];
  return [];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(blanksRemoved);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
      ),
    );
  }
  const config = result.data;
  const problems = s3Problems(config, env);
  if (problems.length) throw new ConfigError(problems);
  return {
    ...config,
    REDIS_PREFIX: config.REDIS_PREFIX ?? defaultRedisPrefix(config.DATABASE_URL),
    PUBLIC_URL: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
  };
}
