import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const DCLINT = join(ROOT, 'node_modules', 'dclint', 'bin', 'dclint.cjs');

/**
 * dclint: the Compose specification's JSON schema, and rules an operator
 * expects (images pinned to a version, ports bound to an interface …), with
 * this repository's .dclintrc (services in the order they start, not A to Z).
 */
function lint(file: string) {
  const run = spawnSync(process.execPath, [DCLINT, file, '--max-warnings', '0', '--color', 'false'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, output: (run.stdout + run.stderr).trim() };
}

interface Service {
  image?: string;
  build?: string;
  restart?: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { disable?: boolean };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const services = compose.services;

  it('lints clean: valid against the Compose schema, no error and no warning', () => {
    expect(lint('docker-compose.yml')).toEqual({ code: 0, output: '' });
  });

  describe('the linter fails a broken file', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'portal-compose-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      [
        'a misspelt key',
        'services:\n  app:\n    image: node:20.20.2\n    restrat: always\n',
        'invalid-schema',
      ],
      [
        'an image without a version',
        'name: x\nservices:\n  app:\n    image: redis\n',
        'service-image-require-explicit-tag',
      ],
      [
        'a port open on every interface',
        "name: x\nservices:\n  app:\n    image: redis:7.4.5\n    ports:\n      - '6379:6379'\n",
        'no-unbound-port-interfaces',
      ],
      [
        'a dependency condition that does not exist',
        'name: x\nservices:\n  app:\n    image: redis:7.4.5\n    depends_on:\n      db:\n        condition: service_finished\n  db:\n    image: redis:7.4.5\n',
        'invalid-schema',
      ],
      ['YAML that does not parse', 'services: [\n', 'invalid-yaml'],
    ])('%s', (_what, text, rule) => {
      const file = join(dir, 'docker-compose.yml');
      writeFileSync(file, text);
      const run = lint(file);
      expect(run.code).not.toBe(0);
      expect(run.output).toContain(rule);
    });
  });

  it('migrates once, and the app and the worker wait for it to have succeeded', () => {
    expect(services.migrate.command).toEqual([
      'node',
      '--enable-source-maps',
      'dist/server/src/cli.js',
      'migrate',
    ]);
    expect(services.migrate.restart).toBe('no');
    for (const name of ['app', 'worker']) {
      expect(services[name].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[name].depends_on?.['minio-init']).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it('restarts what runs for good, not the one-shots', () => {
    for (const [name, service] of Object.entries(services))
      expect([name, service.restart]).toEqual([
        name,
        ['migrate', 'minio-init'].includes(name) ? 'no' : 'unless-stopped',
      ]);
  });

  it('pins every image to a version, and binds every port to 127.0.0.1: the app on 4000, Mailpit on 8025', () => {
    for (const service of Object.values(services)) {
      if (service.image) expect(service.image).toMatch(/:(v?\d+\.\d+(\.\d+)?|RELEASE\.[\dT-]+Z)$/);
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
    expect(services.app.ports).toEqual(['127.0.0.1:4000:4000']);
    expect(services.mailpit.ports).toContain('127.0.0.1:8025:8025');
  });

  it('sends email to Mailpit, and logs the service in as its own role', () => {
    for (const name of ['app', 'worker', 'migrate']) {
      const env = services[name].environment!;
      expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
      expect(new URL(env.DATABASE_APP_URL).username).toBe('portal_app');
      expect(new URL(env.DATABASE_APP_URL).password).not.toBe('');
    }
  });

  it('builds an image that runs compiled code as a non-root user, production dependencies only, checked on /readyz', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(dockerfile).toMatch(/^FROM node:\S+ AS build$/m);
    expect(runtime).toContain('RUN npm ci --omit=dev');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    expect(runtime).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/server\/src\/main.js"\]$/m);
    expect(runtime).not.toMatch(/COPY (server|migrations) /);
  });
});
