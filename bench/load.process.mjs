// The HTTP load generator, in a process of its own so that it never shares the measured server's
// event loop: autocannon, driven over IPC by the benchmark. Each message is one run:
//   { url, body, headers, connections, seconds, expected }
// and it answers { requests, rps, p50, p99, wrong, firstWrong, errors, timeouts, non2xx }.
// Every answer is checked: its body must equal `expected` (the answer fetched once before the run).
import autocannon from 'autocannon';

function run({ url, body, headers, connections, seconds, expected }) {
  let wrong = 0;
  let firstWrong = null;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
            onResponse: (status, answer) => {
              if (status === 200 && answer === expected) return;
              wrong++;
              firstWrong ??= `${status} ${String(answer).slice(0, 300)}`;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          rps: result.requests.total / (result.duration || seconds),
          p50: result.latency.p50,
          p99: result.latency.p99,
          wrong,
          firstWrong,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

process.on('message', (message) => {
  run(message).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
