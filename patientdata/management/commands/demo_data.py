"""`manage.py demo_data`: a demo patient with a realistic diary, and a clinician it is shared with."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from patientdata.demo import DEMO_ACCOUNTS, demo_accounts_present, demo_data_create


class Command(BaseCommand):
    help = "Fill an empty database with a demo patient and a demo clinician, and print their sign-ins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only an empty database; otherwise just print the demo sign-ins (for `make run`).",
        )

    def handle(self, *args, force: bool = False, if_empty: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: demo data does not belong in production. Use --force to insist."
            )
        try:
            demo_data_create()
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        except ValueError as exc:
            if not if_empty:
                raise CommandError(str(exc)) from None
        if demo_accounts_present():
            self.stdout.write("  Demo sign-ins:")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"    {account.role:<10} {account.email}  password: {account.password}")
