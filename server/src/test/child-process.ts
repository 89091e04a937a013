import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Finished>;
}

/** Starts a command, keeping what it prints. */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}): Running {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs a command to its end. */
export function runProcess(command: string, args: string[], options: SpawnOptions = {}): Promise<Finished> {
  return startProcess(command, args, options).exited;
}

/** `npm run SCRIPT -- ARGS` in `cwd` (npm's own lines left out: --silent). */
export function npmRun(cwd: string, script: string, args: string[], env: NodeJS.ProcessEnv): Running {
  return startProcess('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd,
    env,
  });
}
