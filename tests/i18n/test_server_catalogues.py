"""The server's Spanish catalogues are complete, compiled and in step with the source, and no
user-facing text escapes them (docs/translating.md § Completeness).

Five checks, each a small function that returns the problems it finds (empty: all good):

(a) `untranslated_or_fuzzy`: every entry of every <app>/locale/es/LC_MESSAGES/django.po has a
    Spanish msgstr (every plural form) and no `#, fuzzy` flag;
(b) `mo_differs`: each committed django.mo holds what its .po compiles to (parsed, not bytes);
(c) `out_of_step`: makemessages, run on a temporary copy of the apps, finds exactly the msgids
    the committed .po holds (and an app with translatable text has a catalogue);
(d) `template_text`: no template text node or alt/title/aria-label/placeholder value with a
    letter in it lies outside {% translate %} / {% blocktranslate %};
(e) `python_literals`: no string literal goes straight into ValidationError,
    serializers.ValidationError, message_user, send_mail's subject or Response({"detail": …}).

Each checker is tested on a planted bad case below, so a check that silently passes
everything would fail here.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
# The project's Python packages whose text reaches people (config has no catalogue of its own).
APPS = ("accounts", "api", "care", "core", "diary", "patientdata", "portal", "reminders")
LANGUAGE = "es"
# Pages for developers only, never shown to patients or clinicians (kept in English).
TEMPLATE_ALLOWLIST = {"templates/frontend_missing.html"}
# (path, literal) pairs that may go straight into a checked call: none today.
PYTHON_ALLOWLIST: set[tuple[str, str]] = set()


def catalogue_paths(root: Path = ROOT) -> list[Path]:
    return sorted(root.glob(f"*/locale/{LANGUAGE}/LC_MESSAGES/django.po"))


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


# --- (a) untranslated and fuzzy entries ------------------------------------------------------


def untranslated_or_fuzzy(po_path: Path) -> list[str]:
    problems = []
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete:
            continue
        where = f"{po_path.relative_to(po_path.parents[4])}:{entry.linenum} {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"untranslated plural: {where}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {where}")
    return problems


# --- (b) the compiled catalogue matches its source ------------------------------------------


def _po_messages(po_path: Path) -> dict[tuple[str, str], object]:
    return {
        _key(e): (tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr)
        for e in polib.pofile(str(po_path))
        if not e.obsolete and "fuzzy" not in e.flags and (e.msgstr or any(e.msgstr_plural.values()))
    }


def _mo_messages(mo_path: Path) -> dict[tuple[str, str], object]:
    return {
        _key(e): (tuple(sorted(e.msgstr_plural.items())) if e.msgid_plural else e.msgstr)
        for e in polib.mofile(str(mo_path))
        if e.msgid  # the header
    }


def mo_differs(po_path: Path) -> list[str]:
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path}: missing (run `make messages`)"]
    po, mo = _po_messages(po_path), _mo_messages(mo_path)
    problems = [f"{mo_path}: not compiled: {key[1]!r}" for key in sorted(po.keys() - mo.keys())]
    problems += [f"{mo_path}: stale entry: {key[1]!r}" for key in sorted(mo.keys() - po.keys())]
    problems += [
        f"{mo_path}: differs: {key[1]!r}" for key in sorted(po.keys() & mo.keys()) if po[key] != mo[key]
    ]
    return problems


# --- (c) the catalogues are in step with the source -----------------------------------------


def extracted_msgids(root: Path, apps: tuple[str, ...] = APPS) -> dict[str, set[tuple[str, str]]]:
    """The msgids makemessages finds in each app of a copy of the project at `root`, by app
    (scripts/django_messages.py, as `make messages` runs it, without compiling)."""
    present = tuple(app for app in apps if (root / app).is_dir())
    for app in present:
        (root / app / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "django_messages.py"),
            *("--root", str(root), "--apps", ",".join(present), "--no-compile"),
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
        check=True,
        capture_output=True,
    )
    found = {}
    for app in present:
        po = root / app / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        found[app] = {_key(e) for e in polib.pofile(str(po)) if e.msgid} if po.exists() else set()
    return found


def project_copy(destination: Path, source: Path = ROOT) -> Path:
    """The apps, config and manage.py of `source` under `destination` (nothing else is read)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "static", "migrations", "locale")
    for name in (*APPS, "config"):
        if (source / name).is_dir():
            shutil.copytree(source / name, destination / name, ignore=ignore)
    shutil.copy2(source / "manage.py", destination / "manage.py")
    return destination


def out_of_step(committed_root: Path, copy_root: Path, apps: tuple[str, ...] = APPS) -> list[str]:
    problems = []
    for app, extracted in extracted_msgids(copy_root, apps).items():
        po_path = committed_root / app / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
        committed = {_key(e) for e in polib.pofile(str(po_path)) if e.msgid} if po_path.exists() else set()
        problems += [f"{app}: not in the catalogue: {msgid!r}" for _, msgid in sorted(extracted - committed)]
        problems += [
            f"{app}: no longer in the source: {msgid!r}" for _, msgid in sorted(committed - extracted)
        ]
    return problems


# --- (d) template text outside {% translate %} ------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")
_TRANSLATED_ATTRS = {"alt", "title", "aria-label", "placeholder"}
# Parts whose text is not shown, or is translated: replaced by as many newlines (lines kept).
_HIDDEN = re.compile(
    r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}"
    r"|<!--.*?-->"
    r"|(?<=<script)[^>]*>.*?(?=</script)"
    r"|(?<=<style)[^>]*>.*?(?=</style)",
    re.DOTALL | re.IGNORECASE,
)


def _blank(match: re.Match) -> str:
    text = match.group()
    if text.startswith(("<", "{")) or not text:
        return "\n" * text.count("\n")
    return ">" + "\n" * text.count("\n")  # the rest of a <script …> / <style …> tag, then nothing


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_data(self, data: str) -> None:
        if _LETTER.search(data):
            self.found.append(
                (self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n"), data.strip())
            )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _TRANSLATED_ATTRS and value and _LETTER.search(value):
                self.found.append((self.getpos()[0], f'{name}="{value}"'))

    handle_startendtag = handle_starttag


def template_text(path: Path, shown_as: str | None = None) -> list[str]:
    """`file:line text` of each piece of user-facing text outside the translation tags."""
    source = _HIDDEN.sub(_blank, path.read_text(encoding="utf-8"))
    finder = _TextFinder()
    finder.feed(source)
    finder.close()
    return [f"{shown_as or path}:{line} {text[:60]!r}" for line, text in finder.found]


def template_paths(root: Path = ROOT) -> list[Path]:
    paths = [p for app in APPS for p in (root / app / "templates").rglob("*.html")]
    return sorted(paths + list((root / "templates").rglob("*.html")))


# --- (e) Python literals that should be translated -------------------------------------------


def _literal(node: ast.AST | None) -> str | None:
    """The text of a string literal or f-string (possibly inside a list or a dict's values)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
    if isinstance(node, ast.List | ast.Tuple):
        return next((t for t in map(_literal, node.elts) if t is not None), None)
    if isinstance(node, ast.Dict):
        return next((t for t in map(_literal, node.values) if t is not None), None)
    return None


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _argument(node: ast.Call, position: int, keyword: str) -> ast.AST | None:
    for kw in node.keywords:
        if kw.arg == keyword:
            return kw.value
    return node.args[position] if len(node.args) > position else None


def _checked_text(node: ast.Call) -> str | None:
    name = _callee(node)
    if name in {"ValidationError", "invalid"}:  # invalid: diary.fields' ValidationError maker
        return _literal(_argument(node, 0, "message")) or _literal(_argument(node, 0, "detail"))
    if name == "fail" and len(node.args) == 2:  # diary.formats.fail(field, message)
        return _literal(node.args[1])
    if name == "message_user":
        return _literal(_argument(node, 1, "message"))
    if name == "send_mail":
        return _literal(_argument(node, 0, "subject"))
    if name == "Response":
        data = _argument(node, 0, "data")
        if isinstance(data, ast.Dict):
            for key, value in zip(data.keys, data.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "detail":
                    return _literal(value)
    return None


def python_literals(path: Path, shown_as: str | None = None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = shown_as or str(path)
    calls = sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)
    )
    return [
        f"{name}:{node.lineno} {_callee(node)}({text[:60]!r})"
        for node in calls
        if (text := _checked_text(node)) is not None
        and re.search(r"[A-Za-z]", text.replace("{…}", ""))  # words, not only placeholders
        and (name, text) not in PYTHON_ALLOWLIST
    ]


def python_paths(root: Path = ROOT) -> list[Path]:
    return sorted(
        p
        for app in (*APPS, "config")
        for p in (root / app).rglob("*.py")
        if "migrations" not in p.parts and "management" not in p.parts
    )


# === the checks on the project ================================================================


def test_there_are_spanish_catalogues():
    assert catalogue_paths(), "no */locale/es/LC_MESSAGES/django.po (run `make messages`)"


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda p: p.parts[-5])
def test_every_entry_is_translated_and_none_is_fuzzy(po_path):
    assert untranslated_or_fuzzy(po_path) == []


@pytest.mark.parametrize("po_path", catalogue_paths(), ids=lambda p: p.parts[-5])
def test_the_compiled_catalogue_is_what_the_po_compiles_to(po_path):
    assert mo_differs(po_path) == []


@pytest.mark.slow
def test_the_catalogues_are_in_step_with_the_source(tmp_path):
    assert out_of_step(ROOT, project_copy(tmp_path)) == []


def test_no_template_text_escapes_translation():
    found = [
        problem
        for path in template_paths()
        if (relative := str(path.relative_to(ROOT))) not in TEMPLATE_ALLOWLIST
        for problem in template_text(path, relative)
    ]
    assert found == []


def test_no_python_literal_goes_straight_to_a_person():
    found = [
        problem for path in python_paths() for problem in python_literals(path, str(path.relative_to(ROOT)))
    ]
    assert found == []


# === the checkers catch what they are for =====================================================

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def _po(tmp_path: Path, body: str, app: str = "app") -> Path:
    path = tmp_path / app / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(PO_HEADER + body, encoding="utf-8")
    return path


def test_checker_finds_untranslated_fuzzy_and_half_plural_entries(tmp_path):
    po = _po(
        tmp_path,
        'msgid "Done"\nmsgstr "Hecho"\n\n'
        'msgid "Missing"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "Adivinado"\n\n'
        'msgid "one entry"\nmsgid_plural "%(n)s entries"\nmsgstr[0] "una entrada"\nmsgstr[1] ""\n',
    )
    problems = untranslated_or_fuzzy(po)
    assert [p.split(":")[0] for p in problems] == ["untranslated", "fuzzy", "untranslated plural"]


def test_checker_finds_a_stale_compiled_catalogue(tmp_path):
    po = _po(tmp_path, 'msgid "Done"\nmsgstr "Hecho"\n\nmsgid "Saved"\nmsgstr "Guardado"\n')
    polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
    assert mo_differs(po) == []
    po.write_text(
        PO_HEADER + 'msgid "Done"\nmsgstr "Terminado"\n\nmsgid "New"\nmsgstr "Nuevo"\n', encoding="utf-8"
    )
    problems = mo_differs(po)
    assert any("differs: 'Done'" in p for p in problems)
    assert any("not compiled: 'New'" in p for p in problems)
    assert any("stale entry: 'Saved'" in p for p in problems)


@pytest.mark.slow
def test_checker_finds_a_catalogue_out_of_step(tmp_path):
    copy = project_copy(tmp_path / "copy")
    module = copy / "core" / "planted_for_test.py"
    module.write_text(
        'from django.utils.translation import gettext\n\nWORDS = gettext("A planted message.")\n'
    )
    committed = tmp_path / "committed"
    _po(committed, 'msgid "Gone from the source"\nmsgstr "Ya no está"\n', app="core")
    problems = out_of_step(committed, copy, apps=("core",))
    assert "core: not in the catalogue: 'A planted message.'" in problems
    assert "core: no longer in the source: 'Gone from the source'" in problems


def test_checker_finds_template_text_outside_translate(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        "{% load i18n %}\n"
        "<h1>{% translate 'Patients' %}</h1>\n"
        "<p>Untranslated words</p>\n"
        "{# a comment #}<!-- an HTML comment -->\n"
        '<img alt="A chart" src="{{ url }}">\n'
        "<script>const words = 'in a script';</script><style>p { color: red; }</style>\n"
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %} {{ value }} 12 · —\n"
        '<input placeholder="{% translate \'Search\' %}" aria-label="Search patients">\n',
        encoding="utf-8",
    )
    assert template_text(template, "page.html") == [
        "page.html:3 'Untranslated words'",
        "page.html:5 'alt=\"A chart\"'",
        "page.html:8 'aria-label=\"Search patients\"'",
    ]


def test_checker_finds_python_literals_going_straight_to_people(tmp_path):
    module = tmp_path / "planted.py"
    module.write_text(
        "from django.utils.translation import gettext as _\n"
        'raise ValidationError("Plain text.")\n'
        'raise serializers.ValidationError({"field": f"Bad {value}."})\n'
        'raise ValidationError(_("Translated."))\n'
        'self.message_user(request, f"{n} done.", messages.SUCCESS)\n'
        'send_mail(subject="Hello", message=body, from_email=None, recipient_list=[to])\n'
        'return Response({"detail": "Nope."}, status=400)\n'
        'return Response({"detail": _("Translated.")}, status=400)\n'
        'raise ValidationError({"field": [_("Translated.")]})\n'
        'raise invalid(f"{x} is not a valid choice.", "invalid_choice")\n'
        'raise fail("unit", "Use mg.")\n'
        'self.fail("invalid")\n',
        encoding="utf-8",
    )
    assert python_literals(module, "planted.py") == [
        "planted.py:2 ValidationError('Plain text.')",
        "planted.py:3 ValidationError('Bad {…}.')",
        "planted.py:5 message_user('{…} done.')",
        "planted.py:6 send_mail('Hello')",
        "planted.py:7 Response('Nope.')",
        "planted.py:10 invalid('{…} is not a valid choice.')",
        "planted.py:11 fail('Use mg.')",
    ]
