/**
 * Runs work given as steps (a generator) in slices of about `sliceMs`, yielding to the event loop between slices:
 * a running server does long work beside its requests without delaying any of them by more than a slice.
 */
export async function runInSlices(steps: Iterable<void>, sliceMs: number): Promise<void> {
  let sliceStart = performance.now();
  for (const _ of steps) {
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
}
