import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths';

/** Plain JavaScript beside the sources, the same file whether the server runs compiled or not. */
const REAPER = join(PROJECT_ROOT, 'scripts', 'reaper.mjs');

/** What npm start's server tells its reaper (scripts/reaper.mjs). */
export interface Reaper {
  /** End this process should the server end without stopping it. */
  watch(pid: number, signal: NodeJS.Signals): void;
  /** The server stopped it itself: forget it (its pid may be another's soon). */
  release(pid: number): void;
}

/**
 * Starts the reaper in a process group of its own, tied to this process by
 * an IPC channel that closes however this process ends; the channel does not
 * keep this process alive.
 */
export function startReaper(): Reaper {
  const child: ChildProcess = spawn(process.execPath, [REAPER], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.unref();
  child.channel?.unref();
  const send = (message: object) => {
    if (child.connected) child.send(message);
  };
  return {
    watch: (pid, signal) => send({ watch: { pid, signal } }),
    release: (pid) => send({ release: pid }),
  };
}
