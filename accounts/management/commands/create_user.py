"""`manage.py create_user --email E --password P --role patient|clinician`: a ready-to-use account."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import user_create


class Command(BaseCommand):
    help = "Create a user with a verified email address, ready to sign in."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--display-name", default="")
        parser.add_argument("--timezone", default="UTC", help="IANA time zone, e.g. Europe/London")

    def handle(self, *args, **options) -> None:
        try:
            user = user_create(
                email=options["email"],
                password=options["password"],
                role=options["role"],
                display_name=options["display_name"],
                timezone=options["timezone"],
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
            )
            raise CommandError(problems) from None
        self.stdout.write(self.style.SUCCESS(f"Created {user.role} {user.email}"))
