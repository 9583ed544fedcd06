"""English left on a translated page, found against the message catalogues (decision 123).

Every English msgid the app may show, from the PWA's catalogue (frontend/src/locales/en) and the
server's (<app>/locale/es/LC_MESSAGES/django.po: labels, advice, sentences the API sends), is a
phrase to look for in what a person sees on the page: document.body's innerText, and the
aria-label, title, placeholder and alt of the visible elements (what a screen reader says).

Not looked for: a msgid whose Spanish translation is the same text ("Total", a unit, an
instrument kept in English on purpose), or a fragment its translation keeps ("mg/kg" in
"Infusiones … {low}–{high} mg/kg"); a phrase too short to mean anything (fewer than three
letters: "OK", "mg", "of"). An ICU message with arguments ("Entry saved: pain {pain} at
{time}.", "{count, plural, one {# entry} other {# entries}}") is looked for by its literal
fragments of two words or more ("Entry saved: pain"), the branches of a plural included. A
phrase matches on word boundaries and case-sensitively ("Save" is not in "Saved" nor "save").

Not searched: text inside an element whose `lang` is not Spanish (an instrument shown in English
with lang="en", a language's own name), and the patient's own words (`own_words`: their notes
and titles, which stay in the language they were written in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PWA_ENGLISH = ROOT / "frontend" / "src" / "locales" / "en" / "messages.po"
PWA_SPANISH = ROOT / "frontend" / "src" / "locales" / "es" / "messages.po"
MIN_LETTERS = 3
MIN_FRAGMENT_WORDS = 2
EDGE = " \t\n.,;:!?…·—–-()[]\"'“”‘’/"
WORD = re.compile(r"[^\W\d_]{2,}")  # a word: two letters or more
PYTHON_FORMAT = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|</?[a-zA-Z][^>]*>")  # Django's arguments, HTML tags
TAG = re.compile(r"</?\d+\s*/?>")  # Lingui's <0>…</0> around rich text


@dataclass(frozen=True)
class Phrase:
    text: str  # what is looked for
    msgid: str  # the catalogue's entry it comes from
    source: str  # the catalogue's path, relative to the repository
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Finding:
    text: str
    msgid: str
    source: str
    context: str  # the words around it on the page

    def __str__(self) -> str:
        shown = self.text if self.text == self.msgid else f"{self.text} (from {self.msgid!r})"
        return f"{shown!r} [{self.source}] in “…{self.context}…”"


def _matching_brace(message: str, start: int) -> int:
    depth = 0
    for i in range(start, len(message)):
        if message[i] == "{":
            depth += 1
        elif message[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(message)


def _branches(body: str) -> list[str]:
    """The bodies of an ICU plural/select's branches: `one {# entry} other {# entries}`."""
    out, i = [], 0
    while (start := body.find("{", i)) != -1:
        end = _matching_brace(body, start)
        out.append(body[start + 1 : end])
        i = end + 1
    return out


def literal_fragments(message: str, *, in_plural: bool = False) -> list[str]:
    """The runs of literal text of an ICU message, split at every argument, tag and `#`."""
    fragments: list[str] = []
    buffer: list[str] = []

    def cut() -> None:
        if buffer:
            fragments.append("".join(buffer))
            buffer.clear()

    message = TAG.sub("{_}", message)
    i = 0
    while i < len(message):
        char = message[i]
        if char == "'" and message[i + 1 : i + 2] == "'":
            buffer.append("'")
            i += 2
        elif char == "{":
            end = _matching_brace(message, i)
            parts = message[i + 1 : end].split(",", 2)
            cut()
            if len(parts) == 3 and parts[1].strip() in {"plural", "select", "selectordinal"}:
                counting = parts[1].strip() != "select"
                for branch in _branches(parts[2]):
                    fragments += literal_fragments(branch, in_plural=counting)
                fragments.append("")  # a branch never joins the text around it
            i = end + 1
        elif char == "#" and in_plural:
            cut()
            i += 1
        else:
            buffer.append(char)
            i += 1
    cut()
    return fragments


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _pattern(text: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(word) for word in text.split())
    before = r"(?<!\w)" if text[0].isalnum() else ""
    after = r"(?!\w)" if text[-1].isalnum() else ""
    return re.compile(before + body + after)


def phrases_of(msgid: str, *, python_format: bool = False) -> list[str]:
    """What to look for on a page for one English msgid (nothing when it is too short)."""
    message = PYTHON_FORMAT.sub("{_}", msgid) if python_format else msgid
    fragments = literal_fragments(message)
    whole = len(fragments) == 1 and fragments[0] == message
    out = []
    for fragment in fragments:
        text = " ".join(fragment.split()).strip(EDGE)
        if _letters(text) < MIN_LETTERS or not WORD.search(text):
            continue
        if not whole and len(WORD.findall(text)) < MIN_FRAGMENT_WORDS:
            continue
        out.append(text)
    return out


class EnglishCatalogue:
    """The phrases of every English msgid a page must not show once translated."""

    def __init__(self, entries: Iterable[tuple[str, str | None, str]], *, python_format: Sequence[str] = ()):
        """`entries`: (English msgid, its Spanish msgstr or None, the catalogue it comes from);
        sources named in `python_format` use %(name)s arguments (Django's)."""
        entries = list(entries)
        same = {msgid for msgid, spanish, _ in entries if spanish and spanish.strip() == msgid.strip()}
        spanish_texts = {" ".join(s.split()) for _, s, _ in entries if s}
        seen: dict[str, Phrase] = {}
        for msgid, spanish, source in entries:
            if msgid in same or (spanish and spanish.strip() == msgid.strip()):
                continue
            for text in phrases_of(msgid, python_format=source in python_format):
                if text in seen or text in same or text in spanish_texts:
                    continue
                if spanish and _pattern(text).search(spanish):  # kept in the translation: "mg/kg"
                    continue
                seen[text] = Phrase(text, msgid, source, _pattern(text))
        self.phrases = list(seen.values())

    def __contains__(self, text: str) -> bool:
        return any(p.text == text for p in self.phrases)

    def find(self, text: str) -> list[Finding]:
        """The English phrases in `text`, longest first; a phrase inside a longer one found is
        not reported again."""
        findings: list[Finding] = []
        covered: list[tuple[int, int]] = []
        for phrase in sorted(self.phrases, key=lambda p: -len(p.text)):
            for match in phrase.pattern.finditer(text):
                start, end = match.span()
                if any(a <= start and end <= b for a, b in covered):
                    continue
                covered.append((start, end))
                context = " ".join(text[max(0, start - 30) : end + 30].split())
                findings.append(Finding(phrase.text, phrase.msgid, phrase.source, context))
                break
        return findings


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def server_catalogues(language: str = "es") -> list[Path]:
    """The Django apps' catalogues: <app>/locale/<language>/LC_MESSAGES/django.po."""
    return sorted(ROOT.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))


def _pwa_entries() -> list[tuple[str, str | None, str]]:
    spanish = {}
    if PWA_SPANISH.exists():
        spanish = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PWA_SPANISH)) if not e.obsolete}
    source = _relative(PWA_ENGLISH)
    return [
        (e.msgid, spanish.get((e.msgctxt, e.msgid)) or None, source)
        for e in polib.pofile(str(PWA_ENGLISH))
        if not e.obsolete and e.msgid
    ]


def _server_entries() -> list[tuple[str, str | None, str]]:
    out = []
    for po in server_catalogues():
        source = _relative(po)
        for e in polib.pofile(str(po)):
            if e.obsolete or not e.msgid:
                continue
            if e.msgid_plural:
                forms = list(e.msgstr_plural.values())
                out.append((e.msgid, forms[0] if forms and forms[0] else None, source))
                out.append((e.msgid_plural, forms[-1] if forms and forms[-1] else None, source))
            else:
                out.append((e.msgid, e.msgstr or None, source))
    return out


@cache
def english_catalogue() -> EnglishCatalogue:
    """The PWA's English msgids and the server's (those of its Spanish catalogues)."""
    server = _server_entries()
    return EnglishCatalogue(_pwa_entries() + server, python_format=sorted({s for _, _, s in server}))


@cache
def _spanish_table() -> dict[tuple[str | None, str], str]:
    """(msgctxt, msgid) → msgstr over the PWA's Spanish catalogue then the server's; the
    first translation of a msgid wins, untranslated and fuzzy entries are left out."""
    table: dict[tuple[str | None, str], str] = {}
    for po in [PWA_SPANISH, *server_catalogues()]:
        if not po.exists():
            continue
        for e in polib.pofile(str(po)):
            if not e.obsolete and e.msgstr and "fuzzy" not in e.flags:
                table.setdefault((e.msgctxt, e.msgid), e.msgstr)
                table.setdefault((None, e.msgid), e.msgstr)
    return table


def spanish(msgid: str, *, context: str | None = None) -> str | None:
    """The Spanish translation of an English msgid, the PWA's catalogue first, then the
    server's; None when no catalogue translates it."""
    return _spanish_table().get((context, msgid))


# What a person sees: the page's text and its visible elements' names, without the parts in
# another language (`lang` not Spanish) and without the selectors given.
_READ_PAGE = """
([ignore]) => {
  const skipped = [...document.body.querySelectorAll("[lang]")].filter(
    (el) => !/^es(-|$)/i.test(el.getAttribute("lang") || ""),
  );
  for (const selector of ignore) skipped.push(...document.body.querySelectorAll(selector));
  let text = document.body.innerText;
  for (const el of skipped) {
    const part = (el.innerText || "").trim();
    if (part) text = text.split(part).join("\\n");
  }
  const names = [];
  for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
    if (skipped.some((s) => s.contains(el))) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    for (const attribute of ["aria-label", "title", "placeholder", "alt"]) {
      const value = el.getAttribute(attribute);
      if (value) names.push(value);
    }
  }
  return text + "\\n" + names.join("\\n");
}
"""


def page_text(page, ignore: Sequence[str] = ()) -> str:
    """The text a person sees or hears on the page (see the module's docstring), without soft
    hyphens (U+00AD: where a long word may break, e.g. the Spanish tab labels)."""
    return page.evaluate(_READ_PAGE, [list(ignore)]).replace("\u00ad", "")


def english_on_page(
    page,
    *,
    own_words: Iterable[str] = (),
    ignore: Sequence[str] = (),
    catalogue: EnglishCatalogue | None = None,
) -> list[Finding]:
    """The English msgids visible on the page. `own_words`: the patient's own texts (left out);
    `ignore`: CSS selectors of elements to leave out."""
    text = page_text(page, ignore)
    for words in sorted({w.strip() for w in own_words if w and w.strip()}, key=len, reverse=True):
        text = without_own_words(text, words)
    return (catalogue or english_catalogue()).find(text)


def without_own_words(text: str, words: str, shortest: int = 20) -> str:
    """`text` without the patient's `words`, shown whole or cut short (History shows a note's
    first 80 characters): the longest beginning of them found, at least `shortest` long."""
    for end in range(len(words), min(shortest, len(words)) - 1, -1):
        if words[:end] in text:
            return text.replace(words[:end], "\n")
    return text


def describe(findings: Sequence[Finding], where: str) -> str:
    lines = [f"{len(findings)} English msgid(s) visible on {where}:"]
    lines += [f"  {f}" for f in findings]
    return "\n".join(lines)


def spanish_missing(page, msgids: Iterable[str]) -> list[str]:
    """The msgids whose Spanish translation the page does not show (or that no catalogue
    translates), one line each. A message with arguments is looked for by its longest literal
    fragment."""
    text = " ".join(page_text(page).split())
    missing = []
    for msgid in msgids:
        translation = spanish(msgid)
        if translation is None:
            missing.append(f"{msgid!r} has no Spanish translation in any catalogue")
            continue
        fragments = [" ".join(f.split()).strip(EDGE) for f in literal_fragments(translation)]
        wanted = max(fragments, key=len, default="")
        if wanted and wanted not in text:
            missing.append(f"{msgid!r}: its Spanish {wanted!r} is not on the page")
    return missing


class SpanishProof:
    """Collects, screen by screen, the Spanish a page should show and the English it shows,
    so one run reports every screen (then `assert_clean`)."""

    def __init__(self, page, *, own_words: Iterable[str] = ()):
        self.page = page
        self.own_words = list(own_words)
        self.problems: list[str] = []
        self.english: dict[str, list[Finding]] = {}

    def screen(
        self,
        where: str,
        shows: Iterable[str] = (),
        *,
        server: Iterable[tuple[str, str]] = (),
        ignore: Sequence[str] = (),
    ) -> list[Finding]:
        """Checks the page now: the Spanish of each PWA msgid in `shows` is visible, and of
        each server text in `server` ((English, Spanish) as the server translates it), and
        no English msgid is."""
        missing = spanish_missing(self.page, shows)
        text = " ".join(page_text(self.page).split())
        for english, translated in server:
            if translated == english:
                missing.append(f"{english!r}: the server does not translate it")
            elif " ".join(translated.split()) not in text:
                missing.append(f"{english!r}: the server's Spanish {translated!r} is not on the page")
        if missing:
            self.problems.append(f"{where}: Spanish not shown:\n  " + "\n  ".join(missing))
        findings = english_on_page(self.page, own_words=self.own_words, ignore=ignore)
        self.english[where] = findings
        if findings:
            self.problems.append(describe(findings, where))
        return findings

    def summary(self) -> str:
        msgids = {f.msgid for findings in self.english.values() for f in findings}
        counts = ", ".join(f"{where} {len(f)}" for where, f in self.english.items())
        return f"{len(msgids)} distinct English msgid(s) visible ({counts})"

    def assert_clean(self) -> None:
        assert not self.problems, self.summary() + "\n\n" + "\n\n".join(self.problems)
