import { distance } from 'fastest-levenshtein';

/** The allowed name closest to `input`, when it is close enough to be a likely typo. */
export function closestName(input: string, allowed: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const name of allowed) {
    const score = name.toLowerCase() === lower ? 0 : distance(lower, name.toLowerCase());
    if (score < bestScore) {
      best = name;
      bestScore = score;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return best !== undefined && bestScore <= limit ? best : undefined;
}

export const didYouMean = (input: string, allowed: Iterable<string>) => {
  const near = closestName(input, allowed);
  return near ? `did you mean \`${near}\`?` : undefined;
};
