"""The patient's records: treatment episodes, administrations, diary entries, medication intakes.

Every record carries the patient's sync `version` (see `diary.versioning`), the server's
`created_at`/`updated_at`, and `deleted_at` for soft deletion (tombstones reach other
devices through sync). Writes go through `diary.services`, never `save()` directly.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from diary.storable import StoredJSONDecoder


class PatientClock(models.Model):
    """The per-patient version counter of CONTRACT.md § Sync.

    Writers lock this row (`select_for_update`) for the whole transaction, so versions are
    handed out and committed in order: a change with a higher version is never visible
    before one with a lower version.
    """

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="clock"
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.patient_id}@{self.version}"


class PatientRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Who last wrote each field, for the sync merge: {"field": [version, writer]}. A field
    # not listed was last written when the record was created, by `origin` = [version, writer].
    # The writer is a sync client_id, or "server" for REST, clinician and admin writes.
    origin = models.JSONField(default=list, blank=True)
    field_writers = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["patient", "version"], name="%(app_label)s_%(class)s_pv")]

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk} v{self.version}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Episode(PatientRecord):
    treatment = models.CharField(max_length=20)
    treatment_name = models.CharField(max_length=200, blank=True)
    condition = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta(PatientRecord.Meta):
        indexes = [
            *PatientRecord.Meta.indexes,
            models.Index(fields=["patient", "-created_at"], name="episode_patient_created"),
        ]

    def __str__(self) -> str:
        return self.title or super().__str__()


class Administration(PatientRecord):
    episode = models.ForeignKey(Episode, on_delete=models.RESTRICT, related_name="administrations")
    administered_at = models.DateTimeField()  # UTC
    administered_offset = models.SmallIntegerField(help_text="UTC offset in minutes")
    local_date = models.DateField(help_text="administered_at's date in its own offset")
    route = models.CharField(max_length=20)
    phase = models.CharField(max_length=20)
    setting = models.CharField(max_length=10)
    dose_mg = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    dose_mg_per_kg = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    weight_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_systolic_max = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_diastolic_max = models.PositiveSmallIntegerField(null=True, blank=True)
    heart_rate_max = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta(PatientRecord.Meta):
        indexes = [
            *PatientRecord.Meta.indexes,
            models.Index(fields=["patient", "-created_at"], name="admin_patient_created"),
            models.Index(fields=["patient", "local_date"], name="admin_patient_date"),
            models.Index(fields=["administered_at"], name="admin_administered_at"),  # check-in planner
        ]


class Entry(PatientRecord):
    recorded_at = models.DateTimeField()  # UTC
    recorded_offset = models.SmallIntegerField(help_text="UTC offset in minutes")
    diary_date = models.DateField()
    pain_now = models.PositiveSmallIntegerField()
    pain_average = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_worst = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_least = models.PositiveSmallIntegerField(null=True, blank=True)
    interference_enjoyment = models.PositiveSmallIntegerField(null=True, blank=True)
    interference_activity = models.PositiveSmallIntegerField(null=True, blank=True)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    relief_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    pgic = models.PositiveSmallIntegerField(null=True, blank=True)
    locations = models.JSONField(default=list, blank=True)
    side_effects = models.JSONField(default=list, blank=True)
    episode = models.ForeignKey(Episode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    administration = models.ForeignKey(
        Administration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta(PatientRecord.Meta):
        verbose_name_plural = "entries"
        indexes = [
            *PatientRecord.Meta.indexes,
            models.Index(fields=["patient", "-created_at"], name="entry_patient_created"),
            models.Index(fields=["patient", "diary_date"], name="entry_patient_date"),
        ]


class MedicationIntake(PatientRecord):
    taken_at = models.DateTimeField()  # UTC
    taken_offset = models.SmallIntegerField(help_text="UTC offset in minutes")
    local_date = models.DateField(help_text="taken_at's date in its own offset")
    drug = models.CharField(max_length=40)
    dose = models.DecimalField(max_digits=10, decimal_places=3)
    unit = models.CharField(max_length=10)
    # A patch (unit mcg_per_h) is logged when applied and worn this long; null for other units.
    wear_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    mme = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta(PatientRecord.Meta):
        indexes = [
            *PatientRecord.Meta.indexes,
            models.Index(fields=["patient", "-created_at"], name="intake_patient_created"),
            models.Index(fields=["patient", "local_date"], name="intake_patient_date"),
        ]


class Assessment(PatientRecord):
    """A validated questionnaire (PEG, PHQ-9, GAD-7: DOMAIN.md § Assessments).

    `answers` holds one integer per item in the catalogue's order; `score` and `band` are
    derived by the server from them (diary.catalogue instruments), like an intake's `mme`.
    """

    completed_at = models.DateTimeField()  # UTC
    completed_offset = models.SmallIntegerField(help_text="UTC offset in minutes")
    local_date = models.DateField(help_text="completed_at's date in its own offset")
    instrument = models.CharField(max_length=10)
    answers = models.JSONField(default=list)
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    band = models.CharField(max_length=30, blank=True)
    episode = models.ForeignKey(Episode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta(PatientRecord.Meta):
        indexes = [
            *PatientRecord.Meta.indexes,
            models.Index(fields=["patient", "-created_at"], name="assessment_patient_created"),
            models.Index(fields=["patient", "local_date"], name="assessment_patient_date"),
        ]


class RedFlag(models.Model):
    """A red flag a patient's record raised (DOMAIN.md figure 13, § Red flags reach people).

    Made when an entry, administration or assessment carrying one reaches the server, by any
    path; one per (source record, kind, code). A flag edited (or deleted) away stays, marked
    `withdrawn_at`: nothing a patient reported disappears. Not a synced record: patients read
    it through `red-flags/`, clinicians through their triage queue.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, help_text="entry, administration or assessment")
    source_id = models.UUIDField()
    kind = models.CharField(max_length=20, help_text="side_effect, blood_pressure, heart_rate, assessment")
    code = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=200)
    date = models.DateField(help_text="The source's diary date or local date")
    raised_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id", "kind", "code"], name="red_flag_once")
        ]
        indexes = [models.Index(fields=["patient", "-raised_at"], name="red_flag_patient_raised")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.date}"


class SyncRecord(PatientRecord):
    """Records the sync engine keeps for the patient, which sync down like diary records."""

    entity = models.CharField(max_length=20)
    record_id = models.UUIDField()
    base_version = models.BigIntegerField(null=True, blank=True)
    client_id = models.UUIDField(null=True, blank=True)
    mid = models.BigIntegerField(null=True, blank=True)

    class Meta(PatientRecord.Meta):
        abstract = True


class Conflict(SyncRecord):
    """Two sides of a clash; the record kept the server side, this keeps the client's.

    kind: `edit` (fields changed on both sides), `edit_deleted` (an edit met a deletion),
    `delete_edited` (a deletion met an edit). Resolving it tombstones it (deleted_at).
    """

    kind = models.CharField(max_length=20)
    # {"field": {"server": v, "client": v}}
    fields = models.JSONField(default=dict, blank=True, decoder=StoredJSONDecoder)
    # The clashing part of the mutation; always storable JSON (diary.sync.push checks first).
    client_data = models.JSONField(default=dict, blank=True, decoder=StoredJSONDecoder)
    resolution = models.CharField(max_length=10, blank=True)  # "server" | "client" once resolved


class Rejection(SyncRecord):
    """A mutation that could not be applied, kept so the patient can fix it.

    `payload` is the mutation exactly as sent; one holding what no JSON column can store
    (a NUL, an unpaired surrogate, 1e400, …) is kept as {"json_text": <its exact JSON text,
    ASCII>} instead (diary.storable, docs/sync.md § Rejections). `errors` never echo such
    characters: they are replaced by U+FFFD.
    """

    op = models.CharField(max_length=20, blank=True)
    payload = models.JSONField(default=dict, blank=True, decoder=StoredJSONDecoder)
    errors = models.JSONField(default=list, blank=True, decoder=StoredJSONDecoder)


class SyncClient(models.Model):
    """One app install of a patient: the last mutation id it pushed."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField()
    last_mid = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "client_id"], name="sync_client_unique")]

    def __str__(self) -> str:
        return f"{self.client_id} @{self.last_mid}"


class SyncResult(models.Model):
    """The first result of each processed mutation, returned again on a replay."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField()
    mid = models.BigIntegerField()
    result = models.JSONField(decoder=StoredJSONDecoder)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "client_id", "mid"], name="sync_result_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client_id}#{self.mid}"
