from django.apps import AppConfig


class PatientDataConfig(AppConfig):
    name = "patientdata"
    verbose_name = "Patient data"
