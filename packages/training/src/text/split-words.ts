/**
 * The word rule, as an ECMAScript regular expression source (use with the flags "gu"): a word is a
 * run of Unicode letters, combining marks and digits; everything else separates words. Python:
 * `regex.findall(wordPattern, text.lower())` with the `regex` package (the standard `re` module has
 * no `\p{...}` classes).
 */
export const wordPattern = "[\\p{L}\\p{M}\\p{N}]+";

const wordRegex = new RegExp(wordPattern, "gu");

/**
 * The words of a text, in order: the text lowercased (`toLowerCase`, no Unicode normalization),
 * then every match of {@link wordPattern}. "Don't stop!" gives ["don", "t", "stop"].
 */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(wordRegex) ?? [];
}
