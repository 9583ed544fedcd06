"""Clinician portal pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from care.models import Share


@login_required
def home(request: HttpRequest) -> HttpResponse:
    shares = Share.objects.active().filter(clinician=request.user).select_related("patient")
    return render(request, "care/home.html", {"shares": shares})
