// npm start's reaper: a small process of its own (its own process group) that
// ends what npm start's server started (redis-server, the embedded PostgreSQL)
// should the server itself end without stopping them, even by SIGKILL. The
// server tells it, over the IPC channel, which processes to watch and which it
// has stopped itself; when the channel closes (the server is gone), the reaper
// sends each watched process its polite signal, then SIGKILL after 5 s.
const watched = new Map(); // pid -> signal

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

process.on('message', (message) => {
  if (message?.watch) watched.set(message.watch.pid, message.watch.signal ?? 'SIGTERM');
  if (message?.release) watched.delete(message.release);
});

process.on('disconnect', () => {
  const pids = [...watched.entries()].filter(([pid]) => alive(pid));
  for (const [pid, signal] of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone meanwhile
    }
  }
  const deadline = Date.now() + 5_000;
  const timer = setInterval(() => {
    const left = pids.filter(([pid]) => alive(pid));
    if (left.length === 0 || Date.now() > deadline) {
      for (const [pid] of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      clearInterval(timer);
      process.exit(0);
    }
  }, 100);
});
