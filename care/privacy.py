"""What care holds of a patient, for erasure (GDPR art. 17): summaries and shares.

The audit of clinician reads (`AccessLog`) is not erased: it names the patient by a plain
id, with no personal data, and its link to an erased share becomes null, so the record of
who read what outlives the account (docs/security.md).
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from care.models import Share, Summary


@transaction.atomic
def care_erase(*, patient_id) -> Counter[str]:
    """Delete the patient's summaries and the shares they gave; rows deleted per model label."""
    counts: Counter[str] = Counter()
    for model in (Summary, Share):
        _, per_model = model.objects.filter(patient_id=patient_id).delete()
        counts.update(per_model)
    return +counts
