/**
 * Runs the synchronous `fn` with `Math.random` replaced by `random`. TensorFlow.js draws the seed of
 * every unseeded random op (dropout and recurrent-dropout masks) from `Math.random`, so a seeded
 * `random` makes those masks follow the job's seed. Nothing else can run while `fn` does (it is
 * synchronous), and the original is always put back.
 */
export function withMathRandom<T>(random: (() => number) | undefined, fn: () => T): T {
  if (random === undefined) return fn();
  const original = Math.random;
  Math.random = random;
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
