// Preloaded into the API by the live bench (node --expose-gc --import ./bench/gc-on-signal.mjs): SIGUSR2
// runs a full garbage collection, so that the bench can read the resident memory of what is still held,
// not of garbage the collector has not yet come to. Nothing else changes in the API.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
});
