"""The PWA's message catalogues are complete and in step with the source, and no user-facing
string is written outside Lingui's macros (docs/translating.md, decisions 122–123).

(a) frontend/src/locales/es/messages.po: no untranslated, fuzzy or obsolete entry, and every
    ICU argument ({count}, {0}, <0>…</0>) of a message kept in its translation, none added
    (unless the message's comment names the other forms the code passes);
(b) Lingui's own extraction (`lingui extract --clean`), run on a copy of frontend/, finds the
    same messages as the committed catalogues (its "Missing" table is shown on failure);
(c) scripts/i18n-lint.mjs finds no user-facing string outside the macros;
(d) each check fails on a case planted in a temporary copy: an untranslated and a fuzzy entry,
    a new t`` message not extracted, a JSX literal.

No browser: runs with every test (CI included). Node is needed for (b)–(d).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
LOCALES = FRONTEND / "src" / "locales"
LINT = FRONTEND / "scripts" / "i18n-lint.mjs"
SOURCE = "en"  # lingui.config.ts's sourceLocale: its catalogue is generated, never translated
LANGUAGES = sorted(p.name for p in LOCALES.iterdir() if (p / "messages.po").exists())
TRANSLATED = [language for language in LANGUAGES if language != SOURCE]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ARGUMENT = re.compile(r"\{\s*([A-Za-z_]\w*|\d+)\s*[,}]|</?(\d+)/?>")  # {count}, {0}, <0>


def _node() -> str:
    node = shutil.which("node")
    if not node or not (FRONTEND / "node_modules" / ".bin" / "lingui").exists():
        pytest.skip("node or the frontend packages are not installed (make install)")
    return node


def _arguments(message: str) -> set[str]:
    """The ICU arguments and tags a message uses: {count}, {count, plural, …}, <0>."""
    return {name or f"<{tag}>" for name, tag in ARGUMENT.findall(message)}


def _argument_problems(entry: polib.POEntry) -> list[str]:
    """A translation keeps the message's arguments and brings no other. A message whose
    comment names more placeholders (the code passes several forms of a word, e.g. {Effect}
    and {effect}) may use any of them, and need not use all."""
    declared = _arguments(entry.comment or "")
    own = _arguments(entry.msgid)
    translations = entry.msgstr_plural.values() if entry.msgstr_plural else [entry.msgstr]
    problems = []
    for translation in translations:
        used = _arguments(translation)
        lost = set() if declared else own - used
        unknown = used - own - declared
        if lost:
            problems.append(f"the translation {translation!r} lost {sorted(lost)}")
        if unknown:
            problems.append(
                f"the translation {translation!r} has {sorted(unknown)}, which the message has not"
            )
    return problems


def catalogue_problems(po_file: Path) -> list[str]:
    """What keeps a translated catalogue from being complete, one line per entry."""
    catalogue = polib.pofile(str(po_file))
    problems = []
    for entry in catalogue:
        where = f"{po_file.name}: msgid {entry.msgid!r}"
        if entry.obsolete:
            problems.append(f"{where} is obsolete (#~): run `npm run extract`")
        elif "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy: check the msgstr, then delete the fuzzy flag")
        elif not entry.translated():
            problems.append(f"{where} is untranslated")
        else:
            problems += [f"{where}: {p}" for p in _argument_problems(entry)]
    return problems


def _messages(po_file: Path) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in polib.pofile(str(po_file)) if not entry.obsolete}


def frontend_copy(destination: Path) -> Path:
    """src/, lingui.config.ts and package.json copied, node_modules linked: a frontend to spoil."""
    copy = destination / "frontend"
    copy.mkdir()
    shutil.copytree(FRONTEND / "src", copy / "src")
    for name in ("lingui.config.ts", "package.json"):
        shutil.copy2(FRONTEND / name, copy / name)
    (copy / "node_modules").symlink_to(FRONTEND / "node_modules")
    return copy


def extract(frontend: Path) -> str:
    """Runs Lingui's extraction in `frontend` (rewriting its catalogues); returns its report."""
    _node()
    done = subprocess.run(
        [str(frontend / "node_modules" / ".bin" / "lingui"), "extract", "--clean"],
        cwd=frontend,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = ANSI.sub("", done.stdout + done.stderr)
    assert done.returncode == 0, f"lingui extract failed:\n{report[-4000:]}"
    return report


def out_of_step(committed: Path, extracted: Path) -> list[str]:
    """The messages on which a catalogue and a fresh extraction disagree, per language."""
    differences = []
    for language in LANGUAGES:
        ours = _messages(committed / language / "messages.po")
        fresh = _messages(extracted / language / "messages.po")
        differences += [
            f"{language}: in the source, not in the catalogue: {m!r}" for _c, m in sorted(fresh - ours)
        ]
        differences += [
            f"{language}: in the catalogue, not in the source: {m!r}" for _c, m in sorted(ours - fresh)
        ]
    return differences


def lint(src: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_node(), str(LINT), str(src), *options], capture_output=True, text=True, timeout=120, check=False
    )


# (a) (b) (c): the committed catalogues and source.


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translated_catalogue_has_no_untranslated_fuzzy_or_obsolete_entry(language):
    problems = catalogue_problems(LOCALES / language / "messages.po")
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems[:200])


@pytest.mark.slow
def test_the_catalogues_are_in_step_with_the_source(tmp_path):
    copy = frontend_copy(tmp_path)
    report = extract(copy)
    differences = out_of_step(LOCALES, copy / "src" / "locales")
    assert differences == [], (
        "The catalogues are not what `npm run extract` makes of the source: run it and translate.\n"
        + "\n".join(differences[:200])
        + f"\n\nLingui's report:\n{report}"
    )


def test_the_i18n_lint_finds_no_user_facing_string_outside_the_macros():
    done = lint(FRONTEND / "src")
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]


# (d): each check catches a planted case.


def test_an_untranslated_or_fuzzy_entry_or_a_lost_argument_is_caught(tmp_path):
    planted = polib.pofile(str(LOCALES / "es" / "messages.po"))
    planted.append(polib.POEntry(msgid="Planted untranslated message", msgstr=""))
    planted.append(polib.POEntry(msgid="Planted fuzzy message", msgstr="Mensaje plantado", flags=["fuzzy"]))
    planted.append(polib.POEntry(msgid="Planted {count} entries", msgstr="Registros plantados"))
    planted.append(polib.POEntry(msgid="Planted at {0}", msgstr="Plantado"))
    planted.append(polib.POEntry(msgid="Planted {count} times", msgstr="Plantado {cuenta} veces"))
    planted.append(
        polib.POEntry(
            msgid="{Severity} {effect}",
            msgstr="{Effect} ({severity})",
            comment="Placeholders: {Severity}/{severity}, {Effect}/{effect}",
        )
    )
    planted.save(str(tmp_path / "messages.po"))

    problems = catalogue_problems(tmp_path / "messages.po")

    assert "messages.po: msgid 'Planted untranslated message' is untranslated" in problems
    assert any("'Planted fuzzy message' is fuzzy" in p for p in problems)
    assert any("'Planted {count} entries'" in p and "lost ['count']" in p for p in problems)
    assert any("'Planted at {0}'" in p and "lost ['0']" in p for p in problems)
    assert any("'Planted {count} times'" in p and "has ['cuenta']" in p for p in problems)
    assert not any("{Severity} {effect}" in p for p in problems)  # its comment names the other forms


@pytest.mark.slow
def test_a_new_message_not_extracted_is_caught_and_lingui_reports_it_missing(tmp_path):
    copy = frontend_copy(tmp_path)
    (copy / "src" / "components" / "Planted.tsx").write_text(
        'import { t } from "@lingui/core/macro";\n\n'
        "export function Planted() {\n"
        "  return <p>{t`A planted message nobody extracted`}</p>;\n"
        "}\n"
    )
    report = extract(copy)

    differences = out_of_step(LOCALES, copy / "src" / "locales")

    assert "es: in the source, not in the catalogue: 'A planted message nobody extracted'" in differences
    assert "en: in the source, not in the catalogue: 'A planted message nobody extracted'" in differences
    # Lingui's own table counts it missing in Spanish.
    assert re.search(r"│ es\s+│\s+\d+\s+│\s+[1-9]\d*\s+│", report), report


def test_a_jsx_literal_and_a_literal_label_are_caught_and_a_message_is_not(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(FRONTEND / "src", src)
    (src / "components" / "Planted.tsx").write_text(
        'import { t } from "@lingui/core/macro";\n'
        'import { TextInput } from "./Fields";\n\n'
        "export function Planted(props: { busy: boolean }) {\n"
        "  return (\n"
        "    <div>\n"
        "      <p>Plain English left behind</p>\n"
        '      <TextInput id="x" label="A literal label" value="" onChange={() => undefined} />\n'
        '      <button type="button" aria-label={props.busy ? "Saving" : t`Save`}>{t`A message`}</button>\n'
        "    </div>\n"
        "  );\n"
        "}\n"
    )

    done = lint(src)

    assert done.returncode == 1, done.stdout + done.stderr
    found = [line for line in done.stdout.splitlines() if "Planted.tsx" in line]
    assert found == [
        'src/components/Planted.tsx:7:10  "Plain English left behind"  (jsx-text)',
        'src/components/Planted.tsx:8:31  "A literal label"  (attribute label)',
        'src/components/Planted.tsx:9:54  "Saving"  (attribute aria-label)',
    ], done.stdout[-4000:]


def test_the_lint_allowlist_needs_a_reason_and_allows_what_it_names(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "Units.tsx").write_text("export const Units = () => <p>mg</p>;\n")
    allow = tmp_path / "allow.json"

    allow.write_text('{"allow": [{"text": "mg", "reason": "a unit symbol"}]}')
    done = subprocess.run(
        [_node(), str(LINT), str(src), "--allow", str(allow)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr

    allow.write_text('{"allow": [{"text": "mg"}]}')
    done = subprocess.run(
        [_node(), str(LINT), str(src), "--allow", str(allow)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "reason" in done.stderr
