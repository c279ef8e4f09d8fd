"""Triage of a report into a case: placeholder until the cases app is merged."""

from django.http import Http404


def context(request, report, form=None):
    return {"triage_available": False}


def form_for(request, report, data=None):
    raise Http404


def run(request, report, form):
    raise Http404
