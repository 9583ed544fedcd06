/**
 * A translated sentence with one element inside it: the message marks the element's words with
 * <0>…</0> (Lingui's convention, so translators move them with the sentence), and `render` draws
 * them (a <strong>, a link). Without @lingui/react's <Trans>, this keeps whole sentences
 * translatable; a translation that lost its tags shows as plain text, never the tags.
 */
import type { JSX } from "preact";

export function withElement(message: string, render: (words: string) => JSX.Element): JSX.Element {
  const match = /^([\s\S]*?)<0>([\s\S]*?)<\/0>([\s\S]*)$/.exec(message);
  if (!match) return <>{message.replace(/<\/?0>/g, "")}</>;
  const [, before = "", words = "", after = ""] = match;
  return (
    <>
      {before}
      {render(words)}
      {after}
    </>
  );
}
