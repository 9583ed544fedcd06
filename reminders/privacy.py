"""What reminders holds of a patient, for erasure (GDPR art. 17).

The reminder settings, the check-in settings of each episode, the devices' Web Push
subscriptions and the deliveries planned or sent to them.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from reminders.models import Delivery, EpisodeCheckins, PushSubscription, ReminderSettings


@transaction.atomic
def reminders_erase(*, patient_id) -> Counter[str]:
    """Delete every reminders row of the patient; rows deleted per model label."""
    counts: Counter[str] = Counter()
    for model in (Delivery, EpisodeCheckins, PushSubscription, ReminderSettings):
        _, per_model = model.objects.filter(patient_id=patient_id).delete()
        counts.update(per_model)
    return +counts
