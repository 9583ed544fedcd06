/**
 * A translated sentence with elements inside it: "To log a dose or infusion, go to
 * <0>Treatment</0>." The whole sentence is one message (the translator keeps the numbered tags
 * around the words that become the element, in the language's own order); `elements[n]` makes
 * the element of tag <n> from the words it encloses. Text outside the tags stays text.
 */
import type { ComponentChildren } from "preact";

export type Wrap = (children: string) => ComponentChildren;

const TAG = /<(\d+)>(.*?)<\/\1>/gs;

export function withElements(text: string, elements: readonly Wrap[]): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(TAG)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    const wrap = elements[Number(match[1])];
    const words = match[2] ?? "";
    parts.push(wrap ? wrap(words) : words);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
