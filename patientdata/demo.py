"""Demo accounts and data for `make run` and `manage.py demo_data`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import user_create
from care.models import Scope, Share
from care.tasks import summary_request
from patientdata.demo_cohort import demo_cohort_accounts, demo_cohort_create, demo_red_flags_as_logged
from patientdata.demo_diary import DAYS as DIARY_DAYS
from patientdata.demo_diary import DEMO_TIMEZONE, demo_diary_create

DEFAULT_SUMMARY_DAYS = 30


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    display_name: str


DEMO_PATIENT = DemoAccount(
    "patient@demo.paindiary.test", "demo-patient-pass", Role.PATIENT, "Dana (demo patient)"
)
DEMO_CLINICIAN = DemoAccount(
    "clinician@demo.paindiary.test", "demo-clinician-pass", Role.CLINICIAN, "Dr Sam Okafor (demo)"
)
DEMO_ACCOUNTS = (DEMO_PATIENT, DEMO_CLINICIAN)


def demo_accounts_present() -> bool:
    return User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS]).count() == len(DEMO_ACCOUNTS)


def demo_data_create(*, today: date | None = None) -> tuple[User, User]:
    """Create the demo accounts, an accepted share, the patient's diary and two summaries
    (the last 30 days, the whole 90 days), and five more patients sharing with the demo
    clinician (patientdata.demo_cohort: the dashboard's rows), all or nothing.

    Refuses a database that has users. The diary covers the 90 days ending the day before
    `today` (default: today in the patient's time zone, Europe/London); see patientdata.demo_diary.
    """
    if User.objects.exists():
        raise ValueError("The database already has accounts: demo data is only for an empty database.")
    if today is None:
        today = timezone.localdate(timezone=ZoneInfo(DEMO_TIMEZONE))
    with transaction.atomic():
        # The cohort's accounts first, so that the main demo patient is the newest (listed first).
        cohort = demo_cohort_accounts()
        users = [
            user_create(
                email=a.email,
                password=a.password,
                role=a.role,
                display_name=a.display_name,
                timezone=DEMO_TIMEZONE,
            )
            for a in DEMO_ACCOUNTS
        ]
        patient, clinician = users
        Share.objects.create(
            patient=patient,
            clinician_email=clinician.email,
            clinician=clinician,
            scope=Scope.FULL,
            accepted_at=timezone.now(),
        )
        demo_cohort_create(clinician=clinician, today=today, patients=cohort)
        demo_diary_create(patient.pk, today=today)
        demo_red_flags_as_logged(patient_ids=[patient.pk, *(p.pk for p in cohort)])
        # Two summaries, computed by the worker once this transaction commits: the default
        # 30 days ending yesterday, then the whole course (listed first, the newest), whose
        # figures hold the induction series, the opioid cautions and everything else.
        for days in (DEFAULT_SUMMARY_DAYS, DIARY_DAYS):
            summary_request(
                patient=patient,
                requested_by=patient,
                period_start=today - timedelta(days=days),
                period_end=today - timedelta(days=1),
            )
    return patient, clinician
