// The HTTP load generator, in a process of its own so that it never shares the measured server's
// event loop: autocannon, driven over IPC by the benchmark. Each message is one run:
//   { url, body, headers, connections, seconds, expected }
// and it answers { requests, rps, p50, p99, wrong, firstWrong, errors, timeouts, non2xx }.
// Every answer is checked: its body must equal `expected` (the answer fetched once before the run).
//
// A message with `steps` is a run of rounds instead: each connection sends the steps in turn, again
// and again, over `url` (one URL or several: autocannon gives connection i the URL i mod their number):
//   { url, headers, connections, seconds, steps: [{ name, body, expected?, check?, save? }] }
// A step's body may hold {{name}}, replaced by what an earlier step of the same round saved (a round
// whose earlier step failed starts again from the first). An answer must equal `expected` when the
// step has one (a read); otherwise (a write, whose answer differs each time) it must be a 200 with
// `data` and no `errors`, `check.path` in `data` not null (and equal to `check.equals` when given).
// `save` names values of `data` (name → dotted path) kept for the round's next steps and returned,
// every one of them, per step. It answers { requests, rps, p50, p99, errors, timeouts, non2xx,
// steps: { [name]: { answers, wrong, firstWrong, p50, p99, saved: { [name]: [...] } } } }.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const at = (value, path) =>
  path.split('.').reduce((node, key) => (node == null ? undefined : node[key]), value);
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** What autocannon measured of a run, in the figures every answer carries. */
const totals = (result, seconds) => ({
  requests: result.requests.total,
  rps: result.requests.total / (result.duration || seconds),
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
});

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
        resolve({ ...totals(result, seconds), wrong, firstWrong });
      },
    );
  });
}

function runSteps({ url, headers, connections, seconds, steps }) {
  const figures = Object.fromEntries(
    steps.map((step) => [
      step.name,
      {
        answers: 0,
        wrong: 0,
        firstWrong: null,
        latencies: [],
        saved: Object.fromEntries(Object.keys(step.save ?? {}).map((name) => [name, []])),
      },
    ]),
  );
  const requests = steps.map((step) => {
    const figure = figures[step.name];
    const wrong = (status, answer) => {
      figure.wrong++;
      figure.firstWrong ??= `${status} ${String(answer).slice(0, 300)}`;
    };
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: step.body,
      setupRequest: (request, context) => {
        let missing = false;
        const body = step.body.replace(/\{\{(\w+)\}\}/g, (_, name) => {
          if (context[name] === undefined) missing = true;
          return context[name];
        });
        // An earlier step of this round failed: the round starts again.
        if (missing) return null;
        context.sentAt = performance.now();
        return { ...request, body };
      },
      onResponse: (status, answer, context) => {
        figure.answers++;
        if (context.sentAt !== undefined) figure.latencies.push(performance.now() - context.sentAt);
        if (step.expected !== undefined) {
          if (status !== 200 || answer !== step.expected) wrong(status, answer);
          return;
        }
        let parsed;
        try {
          parsed = JSON.parse(answer);
        } catch {
          return wrong(status, answer);
        }
        const checked = step.check ? at(parsed.data, step.check.path) : true;
        if (
          status !== 200 ||
          parsed.errors !== undefined ||
          !parsed.data ||
          checked == null ||
          (step.check?.equals !== undefined && checked !== step.check.equals)
        )
          return wrong(status, answer);
        for (const [name, path] of Object.entries(step.save ?? {})) {
          const value = at(parsed.data, path);
          context[name] = value;
          figure.saved[name].push(value);
        }
      },
    };
  });
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, requests }, (error, result) => {
      if (error) return reject(error);
      resolve({
        ...totals(result, seconds),
        steps: Object.fromEntries(
          Object.entries(figures).map(([name, { latencies, ...figure }]) => {
            const sorted = latencies.sort((a, b) => a - b);
            return [name, { ...figure, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
          }),
        ),
      });
    });
  });
}

process.on('message', (message) => {
  (message.steps ? runSteps(message) : run(message)).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
