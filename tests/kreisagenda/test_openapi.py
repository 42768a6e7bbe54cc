"""The OpenAPI schema: generated without a warning, valid, and every answer described field by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management import call_command

# Objects whose keys are data, not names: each such map, with why it is one. Everything else
# that is an object has its properties named in the schema.
MAPS = {
    "TownResult.fields": "a town's figures per field of action, keyed by the field's key",
    "ComparisonSizeClass.fields": "a size class's statistics per field of action, keyed by the field's key",
    "Comparison.size_classes": "the statistics of each size class of town, keyed by the class (e.g. 10000_20000)",
    "Rollup.fields": "progress per field of action, keyed by the field's key",
    "DistrictRoadmap.towns": "progress per town, keyed by the town's name",
}
# Objects whose shape the API passes on as it was recorded, with why.
FREE_FORM = {
    "HistoryEntry.changes": "what the audit entry recorded; each kind of change records its own details",
}


def _schema(tmp_path: Path) -> dict[str, Any]:
    """The schema as ./manage.py spectacular --fail-on-warn --validate writes it (which raises on a warning)."""
    target = tmp_path / "openapi.json"
    call_command("spectacular", "--fail-on-warn", "--validate", "--format", "openapi-json", "--file", str(target))
    schema: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return schema


def _problems(schema: dict[str, Any], where: str, components: dict[str, Any], seen: set[str]) -> list[str]:
    """Objects without named properties in ``schema``, following $refs (each component once)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return _problems(components[name], name, components, seen)
    problems: list[str] = []
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            problems += _problems(part, where, components, seen)
    if "items" in schema:
        problems += _problems(schema["items"], where, components, seen)
    is_object = schema.get("type") == "object" or "properties" in schema or "additionalProperties" in schema
    if not is_object:
        return problems
    values = schema.get("additionalProperties")
    if schema.get("properties"):
        for name, part in schema["properties"].items():
            problems += _problems(part, f"{where}.{name}", components, seen)
    elif isinstance(values, dict) and values:
        if where not in MAPS:
            problems.append(f"{where}: a map of {values}, not listed in MAPS")
        problems += _problems(values, where, components, seen)
    elif where not in FREE_FORM:
        problems.append(f"{where}: an object without properties")
    return problems


def test_the_schema_has_no_warnings_and_describes_every_answer(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    components = schema["components"]["schemas"]
    problems: list[str] = []
    seen: set[str] = set()
    operations = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations += 1
            for code, response in operation["responses"].items():
                where = f"{method.upper()} {path} {code}"
                if code == "204":
                    assert "content" not in response, where
                    continue
                if not response.get("content"):
                    problems.append(f"{where}: no content described")
                for media_type, content in response.get("content", {}).items():
                    if "schema" not in content:
                        problems.append(f"{where} {media_type}: no schema")
                        continue
                    problems += _problems(content["schema"], where, components, seen)
    assert operations > 50
    assert problems == [], "\n".join(problems)


def test_file_exports_are_described_as_files(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    exports = {path: methods["get"] for path, methods in schema["paths"].items() if path.endswith("/export/")}
    assert len(exports) == 6  # answers, measures, the register, the comparison, a position, the grid
    for path, operation in exports.items():
        content = operation["responses"]["200"]["content"]
        assert set(content) == {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, path
        assert all(media["schema"] == {"type": "string", "format": "binary"} for media in content.values()), path
