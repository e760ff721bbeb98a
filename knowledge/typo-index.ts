/**
 * Typo correction in bounded time: a symmetric-delete index (the SymSpell idea). Every known word is stored under
 * itself and each of its one-letter deletions; a misspelt word looks up itself and its deletions (two letters deep
 * for long words, and only when nothing is one edit away), and the few candidates found are checked with the real
 * edit distance. Cost grows with the
 * word's length only — never with the vocabulary — so garbage and long questions stay fast.
 */
const MAX_WORD = 40;

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export class TypoIndex {
  private readonly byDelete = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    for (const word of words) {
      if (word.length > MAX_WORD) continue;
      for (const key of [word, ...deletes(word)]) {
        const list = this.byDelete.get(key);
        if (!list) this.byDelete.set(key, [word]);
        else if (list.at(-1) !== word) list.push(word);
      }
    }
  }

  /**
   * The known words closest to `word` within `maxEdits` by `distance` (all of them at the smallest distance), in
   * a fixed order: same first letter, then same length, then alphabetical — never the build order.
   */
  closest(
    word: string,
    maxEdits: number,
    distance: (a: string, b: string) => number,
    accept: (candidate: string) => boolean = () => true,
  ): string[] {
    if (word.length > MAX_WORD) return [];
    let bestDistance = Number.POSITIVE_INFINITY;
    let found: string[] = [];
    const seen = new Set<string>();
    const scan = (key: string) => {
      const list = this.byDelete.get(key);
      if (!list) return;
      for (const candidate of list) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        if (Math.abs(candidate.length - word.length) > maxEdits || !accept(candidate)) continue;
        const d = distance(word, candidate);
        if (d > maxEdits || d > bestDistance) continue;
        if (d < bestDistance) {
          bestDistance = d;
          found = [];
        }
        found.push(candidate);
      }
    };
    // The word and its deletions find every known word one edit away (a swap of neighbours included); only
    // when there is none do deletions of deletions look two edits away.
    const firstDeletes = deletes(word);
    scan(word);
    for (const d of firstDeletes) scan(d);
    if (maxEdits >= 2 && bestDistance > 1) {
      const tried = new Set<string>();
      for (const d of firstDeletes)
        for (const dd of deletes(d)) {
          if (tried.has(dd)) continue;
          tried.add(dd);
          scan(dd);
        }
    }
    return found.sort((a, b) => (rank(word, a) < rank(word, b) ? -1 : 1));
  }
}

function rank(word: string, candidate: string): string {
  return `${candidate[0] === word[0] ? 0 : 1}${candidate.length === word.length ? 0 : 1}${candidate}`;
}
