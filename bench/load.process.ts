/**
 * A load generator in a process of its own, so that it does not share the
 * server's event loop: `connections` loops posting one GraphQL body for
 * `seconds`, each sending the next request when its last answer came.
 * Usage: node -r @swc-node/register bench/load.process.ts URL BODY COOKIE CONNECTIONS SECONDS
 * Prints {"requests","rps","p50","p99"} as one JSON line.
 */
import { performance } from 'node:perf_hooks';

async function main() {
  const [url, body, cookie, connections, seconds] = process.argv.slice(2);
  const latencies: number[] = [];
  const until = performance.now() + Number(seconds) * 1000;
  await Promise.all(
    Array.from({ length: Number(connections) }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body,
        });
        const json = (await response.json()) as { errors?: unknown };
        if (json.errors) throw new Error(`the benchmark query failed: ${JSON.stringify(json.errors)}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      rps: latencies.length / Number(seconds),
      p50: at(0.5),
      p99: at(0.99),
    }) + '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
