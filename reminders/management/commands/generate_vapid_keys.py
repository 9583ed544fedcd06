"""Print a new VAPID key pair as environment variables (development; production keeps its own).

    python manage.py generate_vapid_keys > var/vapid.env

`make run` does this once when VAPID_PUBLIC_KEY is unset and var/vapid.env is missing, then
reads the file. Changing the keys invalidates every browser's subscription (they were made
for the old public key): the app subscribes again on its next start.
"""

from django.core.management.base import BaseCommand

from core.webpush import vapid_keys_generate


class Command(BaseCommand):
    help = "Print a new VAPID key pair (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT) for Web Push."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--subject",
            default="mailto:admin@localhost",
            help="Contact the push services may use: mailto:you@example.org or an https URL.",
        )

    def handle(self, *args, subject: str, **options) -> None:
        public, private = vapid_keys_generate()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"VAPID_SUBJECT={subject}")
