/**
 * "Did you mean": the nearest valid word to a mistyped one. Pure. A suggestion is only ever
 * offered, never acted on: the caller refuses the input and shows it with the right example.
 */

/** A word as it is compared: trimmed, lower-case, accents and typographic apostrophes gone. */
export function fold(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘`]/g, "'");
}

/**
 * Damerau–Levenshtein distance (optimal string alignment): insertions, deletions, substitutions
 * and transpositions of two neighbours each cost one. Compares the strings as given (fold first).
 */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  // Three rows are enough: the transposition looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, (before[j - 2] as number) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length] as number;
}

/**
 * How far a word of this length may be from a valid one and still be a slip of the fingers:
 * none for very short words (too many neighbours), one for short ones, two, then three for long.
 */
export function tolerance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 10) return 2;
  return 3;
}

/**
 * The valid words nearest to `word` (folded on both sides), within the tolerance of its length:
 * every word at the smallest distance, in the order given, without repeats. Empty when nothing is
 * close. An exact (folded) match is distance 0 and comes back alone.
 */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  const typed = fold(word);
  const limit = tolerance([...typed].length);
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(typed, fold(candidate));
    // A candidate much shorter than the slip allows would be a guess, not a correction.
    if (distance > limit || distance >= [...fold(candidate)].length) continue;
    if (distance < best) {
      best = distance;
      found = [candidate];
    } else if (distance === best && !found.includes(candidate)) {
      found.push(candidate);
    }
  }
  return found;
}
