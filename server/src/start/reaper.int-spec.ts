import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start's reaper", () => {
  it('ends what the server started when the server is SIGKILLed, and leaves what it released', async () => {
    const parent = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/test/fixtures/reaper-parent.process.ts'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [watched, released] = await new Promise<number[]>((resolve, reject) => {
      parent.stdout!.on('data', (chunk: Buffer) => {
        const match = /pids (\d+) (\d+)/.exec(chunk.toString());
        if (match) resolve([Number(match[1]), Number(match[2])]);
      });
      parent.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    try {
      expect([alive(watched), alive(released)]).toEqual([true, true]);
      parent.kill('SIGKILL');
      const deadline = Date.now() + 7_000;
      while (alive(watched) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive(watched)).toBe(false);
      expect(alive(released)).toBe(true);
    } finally {
      for (const pid of [watched, released]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
