"""The real URLs plus one deliberately unprotected view: the matrix test must catch it."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as real_urlpatterns
from diary.models import Entry


class LeakyEntriesApi(APIView):
    """Returns any patient's diary notes to anyone: the bug the matrix exists to catch."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request, patient_id):
        return Response(list(Entry.objects.filter(patient_id=patient_id).values_list("notes", flat=True)))


urlpatterns = [
    path("api/v1/leak/<uuid:patient_id>/entries/", LeakyEntriesApi.as_view()),
    *real_urlpatterns,
]
