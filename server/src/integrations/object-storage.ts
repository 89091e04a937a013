import { join } from 'node:path';
import type { Client } from 'minio';
import type { Config } from '../config';
import { DATA_DIR } from '../paths';
import type { EmbeddedS3 } from './embedded-s3.server';

/** A browser's signed S3 POST form: send `fields` in order, then the file as the field `file`, to `url`. */
export interface PresignedPost {
  url: string;
  fields: { name: string; value: string }[];
}

export interface PresignedGetOptions {
  expiresInSeconds: number;
  now: Date;
  contentType?: string;
  contentDisposition?: string;
}

export interface StoredObject {
  size: number;
  contentType: string | null;
}

/** The files' storage: MinIO or any S3, reached only through the minio client. */
export interface ObjectStorage {
  readonly bucket: string;
  /** Where the objects are, for the start-up lines (once started). */
  readonly location: string | null;
  /** The origin browsers upload to and download from, for the portal's Content-Security-Policy (once started). */
  readonly browserOrigin: string | null;
  /** Starts what it needs (the embedded server) and creates the bucket when it is missing. */
  start(): Promise<void>;
  /** A POST form for one object: this key, this content type, 1 to maxBytes bytes, until expiresAt. */
  presignedPost(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresAt: Date;
  }): Promise<PresignedPost>;
  /** null when there is no such object. */
  stat(key: string): Promise<StoredObject | null>;
  /** The object's bytes (for small objects, such as a logo); null when there is no such object. */
  read(key: string): Promise<Buffer | null>;
  /** The object's first `length` bytes (all of a shorter one) by a ranged GET; null when there is no such object. */
  readHead(key: string, length: number): Promise<Buffer | null>;
  /** Deletes the object; no error when it is gone already. */
  remove(key: string): Promise<void>;
  /**
   * A signed GET, valid `expiresInSeconds` from `now`, optionally answering
   * with this Content-Type and Content-Disposition (response-content-type and
   * response-content-disposition, covered by the signature).
   */
  presignedGet(key: string, options: PresignedGetOptions): Promise<string>;
  /** Resolves when the bucket answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface Connection {
  /** Makes the requests. */
  client: Client;
  /** Signs the addresses browsers use (S3_PUBLIC_ENDPOINT's, or the same as `client`). */
  signer: Client;
  location: string;
  /** The origin browsers upload to and download from (the signer's). */
  browserOrigin: string;
  embedded: EmbeddedS3 | null;
}

function clientFor(endpoint: string, keys: { accessKey: string; secretKey: string }, region: string): Client {
  // Loaded on first use: a process that never touches files (the CLI) never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client: MinioClient } = require('minio') as typeof import('minio');
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new MinioClient({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    ...keys,
    // Set, so that signing never asks the server for the bucket's region.
    region,
    pathStyle: true,
  });
}

const isMissing = (error: unknown) =>
  ['NotFound', 'NoSuchKey'].includes((error as { code?: string }).code ?? '');

/**
 * The minio implementation. It connects on first use: start() (the API does
 * it when it starts) or any call. Without S3_ENDPOINT that is when the
 * embedded server starts; close() stops it.
 */
export class MinioObjectStorage implements ObjectStorage {
  private connection: Promise<Connection> | null = null;
  private bucketReady: Promise<void> | null = null;
  private connected: Connection | null = null;

  constructor(
    readonly bucket: string,
    private readonly region: string,
    private readonly connect: () => Promise<Connection>,
  ) {}

  get location(): string | null {
    return this.connected?.location ?? null;
  }

  get browserOrigin(): string | null {
    return this.connected?.browserOrigin ?? null;
  }

  private conn(): Promise<Connection> {
    this.connection ??= this.connect().then(
      (connection) => (this.connected = connection),
      (error) => {
        this.connection = null;
        throw error;
      },
    );
    return this.connection;
  }

  async start(): Promise<void> {
    const { client } = await this.conn();
    this.bucketReady ??= (async () => {
      if (await client.bucketExists(this.bucket)) return;
      await client.makeBucket(this.bucket, this.region).catch(async (error) => {
        // Made meanwhile by another process.
        if (!(await client.bucketExists(this.bucket))) throw error;
      });
    })().catch((error) => {
      this.bucketReady = null;
      throw error;
    });
    await this.bucketReady;
  }

  async presignedPost(input: {
    key: string;
    contentType: string;
    maxBytes: number;
    expiresAt: Date;
  }): Promise<PresignedPost> {
    const { signer } = await this.conn();
    const policy = signer.newPostPolicy();
    policy.setBucket(this.bucket);
    policy.setKey(input.key);
    policy.setContentType(input.contentType);
    policy.setContentLengthRange(1, input.maxBytes);
    policy.setExpires(input.expiresAt);
    const { postURL, formData } = await signer.presignedPostPolicy(policy);
    return { url: postURL, fields: Object.entries(formData).map(([name, value]) => ({ name, value })) };
  }

  async stat(key: string): Promise<StoredObject | null> {
    const { client } = await this.conn();
    try {
      const stat = await client.statObject(this.bucket, key);
      const contentType = stat.metaData['content-type'] ?? stat.metaData['Content-Type'];
      return { size: stat.size, contentType: typeof contentType === 'string' ? contentType : null };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer | null> {
    const { client } = await this.conn();
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of await client.getObject(this.bucket, key)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async readHead(key: string, length: number): Promise<Buffer | null> {
    const { client } = await this.conn();
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of await client.getPartialObject(this.bucket, key, 0, length))
        chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    const { client } = await this.conn();
    await client.removeObject(this.bucket, key).catch((error) => {
      if (!isMissing(error)) throw error;
    });
  }

  async presignedGet(key: string, options: PresignedGetOptions): Promise<string> {
    const { signer } = await this.conn();
    const headers: Record<string, string> = {};
    if (options.contentType) headers['response-content-type'] = options.contentType;
    if (options.contentDisposition) headers['response-content-disposition'] = options.contentDisposition;
    return signer.presignedGetObject(this.bucket, key, options.expiresInSeconds, headers, options.now);
  }

  async ping(): Promise<void> {
    const { client } = await this.conn();
    if (!(await client.bucketExists(this.bucket))) throw new Error(`bucket ${this.bucket} is missing`);
  }

  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => null);
    this.connection = null;
    this.connected = null;
    await connection?.embedded?.stop();
  }
}

/** Where the embedded server keeps its files unless told otherwise: .data/s3 in the project. */
export const DEFAULT_EMBEDDED_S3_DIRECTORY = join(DATA_DIR, 's3');

export interface ObjectStorageOptions {
  /** The embedded server's directory (tests give each API one of its own). */
  embeddedDirectory?: string;
  /** The largest form POST the embedded server reads. */
  maxPostBytes: number;
}

/** S3_ENDPOINT's S3, or else the embedded S3-compatible server on loopback. */
export function createObjectStorage(config: Config, options: ObjectStorageOptions): ObjectStorage {
  const region = config.S3_REGION;
  return new MinioObjectStorage(config.S3_BUCKET, region, async () => {
    if (config.S3_ENDPOINT) {
      const keys = { accessKey: config.S3_ACCESS_KEY!, secretKey: config.S3_SECRET_KEY! };
      const client = clientFor(config.S3_ENDPOINT, keys, region);
      const signer = config.S3_PUBLIC_ENDPOINT ? clientFor(config.S3_PUBLIC_ENDPOINT, keys, region) : client;
      const browserOrigin = new URL(config.S3_PUBLIC_ENDPOINT ?? config.S3_ENDPOINT).origin;
      return { client, signer, location: config.S3_ENDPOINT, browserOrigin, embedded: null };
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const embeddedModule = require('./embedded-s3.server') as typeof import('./embedded-s3.server');
    const directory = options.embeddedDirectory ?? DEFAULT_EMBEDDED_S3_DIRECTORY;
    const embedded = await embeddedModule.startEmbeddedS3({
      directory,
      bucket: config.S3_BUCKET,
      maxPostBytes: options.maxPostBytes,
      corsOrigin: new URL(config.PUBLIC_URL).origin,
    });
    const keys = {
      accessKey: embeddedModule.EMBEDDED_S3_ACCESS_KEY,
      secretKey: embeddedModule.EMBEDDED_S3_SECRET_KEY,
    };
    const client = clientFor(embedded.endpoint, keys, region);
    return {
      client,
      signer: client,
      location: `${embedded.endpoint} (embedded, files in ${directory})`,
      browserOrigin: new URL(embedded.endpoint).origin,
      embedded,
    };
  });
}
