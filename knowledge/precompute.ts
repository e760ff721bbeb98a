/**
 * Work that answers would otherwise do on first use, done once per corpus when it is loaded: each release's
 * changes, each one-minor upgrade with the defaults it switches, and the API catalog. A corpus never changes
 * once loaded, so the results are kept beside it (the caches in changes.ts, availability.ts and api-catalog.ts)
 * and no question pays for them. One step per release, so an async build can yield between steps.
 */
import { apiCatalog } from './api-catalog.js';
import { defaultChangesBetween } from './availability.js';
import { changesBetween, changesIn } from './changes.js';
import type { Corpus } from './load.js';
import { runInSlices } from './slices.js';
import { minor } from './versions.js';

export function* precomputeSteps(corpus: Corpus): Generator<void> {
  apiCatalog(corpus).all();
  yield;
  for (const release of corpus.releases) {
    const { version } = release;
    changesIn(corpus, version);
    changesIn(corpus, version, { planned: true });
    const previous = `1.${minor(version) - 1}`;
    if (minor(version) > 0 && corpus.releaseByVersion.has(previous)) {
      changesBetween(corpus, previous, version);
      defaultChangesBetween(corpus.features, previous, version, corpus.newestReleased);
    }
    yield;
  }
}

/** All of precomputeSteps at once (a synchronous start). */
export function precompute(corpus: Corpus): void {
  for (const _ of precomputeSteps(corpus));
}

/**
 * precomputeSteps in slices of about `sliceMs`, yielding to the event loop between them: a running server warms
 * a corpus without delaying any request by more than a slice. Questions asked meanwhile compute what they need.
 */
export function precomputeInBackground(corpus: Corpus, sliceMs = 4): Promise<void> {
  return runInSlices(precomputeSteps(corpus), sliceMs);
}
