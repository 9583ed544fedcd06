"""`catalog/`: every code the diary accepts, with labels; public and cacheable."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from diary import catalogue


def _labelled(options: dict) -> list[dict]:
    return [{"code": code, "label": label} for code, label in options.items()]


def catalog_document() -> dict:
    return {
        "conditions": _labelled(catalogue.CONDITIONS),
        "treatments": _labelled(catalogue.TREATMENTS),
        "routes": _labelled(catalogue.ROUTES),
        "phases": _labelled(catalogue.PHASES),
        "settings": _labelled(catalogue.SETTINGS),
        "side_effects": [
            {
                "code": s.code,
                "label": s.label,
                "red_flag": s.red_flag != "never",
                "red_flag_when": s.red_flag,
                "urgent_help": s.urgent_help,
            }
            for s in catalogue.SIDE_EFFECTS.values()
        ],
        "severities": [{"value": v, "label": label} for v, label in catalogue.SEVERITIES.items()],
        "body_regions": _labelled(catalogue.BODY_REGIONS),
        "drugs": [
            {
                "code": d.code,
                "label": d.label,
                "opioid": d.opioid,
                "mme_factor": float(d.mme_factor) if d.mme_factor is not None else None,
                "units": ["mcg_per_h"] if d.patch else ["mg", "mcg"],
            }
            for d in catalogue.DRUGS.values()
        ],
        "units": _labelled(catalogue.UNITS),
        "pgic": [{"value": v, "label": label} for v, label in catalogue.PGIC.items()],
    }


class CatalogApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class CatalogSerializer(serializers.Serializer):
        conditions = serializers.ListField(child=serializers.DictField())
        treatments = serializers.ListField(child=serializers.DictField())
        routes = serializers.ListField(child=serializers.DictField())
        phases = serializers.ListField(child=serializers.DictField())
        settings = serializers.ListField(child=serializers.DictField())
        side_effects = serializers.ListField(child=serializers.DictField())
        severities = serializers.ListField(child=serializers.DictField())
        body_regions = serializers.ListField(child=serializers.DictField())
        drugs = serializers.ListField(child=serializers.DictField())
        units = serializers.ListField(child=serializers.DictField())
        pgic = serializers.ListField(child=serializers.DictField())

    @extend_schema(tags=["catalog"], responses=CatalogSerializer, auth=[])
    def get(self, request: Request) -> Response:
        response = Response(catalog_document())
        response["Cache-Control"] = "public, max-age=3600"
        return response
