import type { Logger } from 'pino';
import { ConfigError, parseConfig, type Config } from './config';
import { EnvFileError, loadEnvFile } from './env-file';

/** Reads .env (real environment variables win), then parses the configuration or exits 2 with one line per bad variable. */
export function configOrExit(): Config {
  try {
    loadEnvFile();
    return parseConfig();
  } catch (error) {
    if (error instanceof EnvFileError) {
      process.stderr.write(`configuration: ${error.message}\n`);
      process.exit(2);
    }
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) process.stderr.write(`configuration: ${problem}\n`);
    process.exit(2);
  }
}

/** On SIGINT or SIGTERM, runs the stops in order once, then exits 0 (1 if a stop failed). */
export function onShutdown(logger: Logger, stops: (() => Promise<void>)[]): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    let code = 0;
    for (const stop of stops) {
      await stop().catch((error) => {
        code = 1;
        logger.error({ err: error }, 'error while shutting down');
      });
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
