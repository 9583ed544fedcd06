"""`me/`: the signed-in user's profile."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, validate_timezone
from accounts.services import user_update


class MeApi(APIView):
    class MeSerializer(serializers.Serializer):
        id = serializers.UUIDField()
        email = serializers.EmailField()
        display_name = serializers.CharField()
        role = serializers.ChoiceField(choices=Role.choices)
        timezone = serializers.CharField()

    class MeUpdateSerializer(serializers.Serializer):
        display_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
        timezone = serializers.CharField(max_length=64, required=False, validators=[validate_timezone])

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(self.MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer)
    def patch(self, request: Request) -> Response:
        serializer = self.MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=request.user, **serializer.validated_data)
        return Response(self.MeSerializer(user).data)
