"""API of a town's focus: its priorities per field of action and its local goals (the town's own data)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from kreisagenda.api import acting_user
from kreisagenda.lookups import town_enter, town_for
from kreisagenda.permissions import Action
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_vision.selectors import fields_of_action_current
from shared_vision.town_focus.models import LocalGoal, Priority
from shared_vision.town_focus.selectors import local_goal_get, town_focus
from shared_vision.town_focus.services import field_priority_set, local_goal_add, local_goal_remove, local_goal_update
from tenants.models import Town


class LocalGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    field_key = serializers.CharField(max_length=40)
    text = serializers.CharField(max_length=500)


class FieldFocusSerializer(serializers.Serializer):
    key = serializers.CharField(source="field.key")
    name = serializers.CharField(source="field.name")
    priority = serializers.ChoiceField(choices=Priority.choices, allow_null=True)
    local_goals = LocalGoalSerializer(many=True)


def _enter(request: Request, district_slug: str, town_slug: str, action: Action) -> tuple[Town, set[str]]:
    town = town_for(acting_user(request), district_slug, town_slug, action)
    keys = {f.key for f in fields_of_action_current(district=town.district)}
    town_enter(town)
    return town, keys


def _goal(goal_id: int) -> LocalGoal:
    goal = local_goal_get(goal_id=goal_id)
    if goal is None:
        raise Http404
    return goal


class TownFocusApi(APIView):
    @extend_schema(responses=FieldFocusSerializer(many=True), summary="Prioritäten und lokale Ziele der Kommune")
    def get(self, request: Request, district_slug: str, town_slug: str) -> Response:
        town = town_for(acting_user(request), district_slug, town_slug, Action.VIEW_TOWN_DRAFTS)
        fields = fields_of_action_current(district=town.district)
        town_enter(town)
        return Response(FieldFocusSerializer(town_focus(fields=fields), many=True).data)


class FieldPriorityApi(APIView):
    class PrioritySerializer(serializers.Serializer):
        priority = serializers.ChoiceField(choices=Priority.choices, allow_null=True)

    @extend_schema(request=PrioritySerializer, responses=PrioritySerializer, summary="Priorität setzen (null: keine)")
    def put(self, request: Request, district_slug: str, town_slug: str, field_key: str) -> Response:
        _town, keys = _enter(request, district_slug, town_slug, Action.EDIT_TOWN_DATA)
        payload = self.PrioritySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        priority = payload.validated_data["priority"]
        field_priority_set(
            field_key=field_key,
            priority=Priority(priority) if priority else None,
            valid_keys=keys,
            actor=acting_user(request),
        )
        return Response(self.PrioritySerializer({"priority": priority}).data)


class LocalGoalCreateApi(APIView):
    @extend_schema(request=LocalGoalSerializer, responses={201: LocalGoalSerializer}, summary="Lokales Ziel ergänzen")
    def post(self, request: Request, district_slug: str, town_slug: str) -> Response:
        _town, keys = _enter(request, district_slug, town_slug, Action.EDIT_TOWN_DATA)
        payload = LocalGoalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        goal = local_goal_add(valid_keys=keys, actor=acting_user(request), **payload.validated_data)
        return Response(LocalGoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class LocalGoalDetailApi(APIView):
    class GoalTextSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=500)

    @extend_schema(request=GoalTextSerializer, responses=LocalGoalSerializer, summary="Lokales Ziel ändern")
    def put(self, request: Request, district_slug: str, town_slug: str, goal_id: int) -> Response:
        _enter(request, district_slug, town_slug, Action.EDIT_TOWN_DATA)
        payload = self.GoalTextSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        goal = local_goal_update(goal=_goal(goal_id), text=payload.validated_data["text"], actor=acting_user(request))
        return Response(LocalGoalSerializer(goal).data)

    @extend_schema(responses={204: None}, summary="Lokales Ziel entfernen")
    def delete(self, request: Request, district_slug: str, town_slug: str, goal_id: int) -> Response:
        _enter(request, district_slug, town_slug, Action.EDIT_TOWN_DATA)
        local_goal_remove(goal=_goal(goal_id), actor=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
