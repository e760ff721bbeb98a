/** Part of `npm run build`: validates the corpus from its sources and writes dist/corpus.json. */
import { loadCorpusFromSources } from './load.js';
import { SNAPSHOT_PATH, writeSnapshot } from './snapshot.js';

writeSnapshot(loadCorpusFromSources());
console.log(`wrote ${SNAPSHOT_PATH}`);
