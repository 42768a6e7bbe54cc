from __future__ import annotations

from drf_spectacular.utils import extend_schema
from kreisagenda.api import acting_user
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import memberships_of


class MyMembershipsApi(APIView):
    class MembershipOutputSerializer(serializers.Serializer):
        role = serializers.CharField()
        role_label = serializers.CharField(source="get_role_display")
        district = serializers.CharField(source="district.slug", allow_null=True, default=None)
        town = serializers.CharField(source="town.slug", allow_null=True, default=None)
        town_district = serializers.CharField(source="town.district.slug", allow_null=True, default=None)

    @extend_schema(responses=MembershipOutputSerializer(many=True), summary="Meine Rollen")
    def get(self, request: Request) -> Response:
        return Response(self.MembershipOutputSerializer(memberships_of(user=acting_user(request)), many=True).data)
