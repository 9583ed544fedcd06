"""Django's side of `make messages` (scripts/messages): makemessages, then compilemessages, for
every app of the project that has a locale/ directory, each writing <app>/locale.

One process for every app: Django is set up once from the project's directory, then each
command runs in the app's directory (which is what makes it write <app>/locale). Running
`manage.py makemessages` from inside an app does not work for every app: Celery's Django fixup
puts the working directory first on sys.path, so api/reminders.py would shadow the reminders app.

    scripts/django_messages.py [--root DIR] [--apps a,b] [--no-compile]

`--root` is also how tests/i18n extracts from a temporary copy of the project.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def apps_with_catalogues(root: Path) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/locale") if (p.parent / "__init__.py").exists())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--apps", help="comma-separated; default: every app with a locale/ directory")
    parser.add_argument("--no-compile", action="store_true", help="extract only")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    apps = args.apps.split(",") if args.apps else apps_with_catalogues(root)

    os.chdir(root)
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    for app in apps:
        print(f"== {app}", flush=True)
        os.chdir(root / app)
        (root / app / "locale").mkdir(exist_ok=True)
        call_command("makemessages", locale=languages, no_obsolete=True, add_location="file", verbosity=0)
        if not args.no_compile and any((root / app / "locale").glob("*/LC_MESSAGES/django.po")):
            call_command("compilemessages", locale=languages, verbosity=0)
        os.chdir(root)


if __name__ == "__main__":
    main()
