"""The datasets as files: CSV (``kreisagenda.tabular``: ";", UTF-8 with BOM, texts never formulas, D52)
and JSON (UTF-8, numbers as numbers), each carrying its licence (D101)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from kreisagenda.tabular import TableFormat, table_write

from opendata.licences import Licence
from opendata.selectors import LICENCE_COLUMNS, Dataset, OpenData, Value


def licence_record(licence: Licence, data: OpenData) -> dict[str, str]:
    return {
        "id": licence.id,
        "name": licence.title,
        "url": licence.url,
        "dcat_ap_de": licence.dcat_uri,
        "namensnennung": data.district.name,
    }


def _csv_value(value: Value) -> str | int | float | None:
    # A score as a float: the project's CSV writes it with a decimal comma, as German spreadsheets read it.
    return float(value) if isinstance(value, Decimal) else value


def dataset_csv(dataset: Dataset, data: OpenData) -> bytes:
    """The dataset's table with three more columns on every row: licence id, its URL and the attribution."""
    licence = (data.licence.id, data.licence.url, data.district.name)
    return table_write(
        table_format=TableFormat.CSV,
        sheet=dataset.title[:31],
        columns=[*dataset.columns, *LICENCE_COLUMNS],
        rows=[[*(_csv_value(value) for value in row), *licence] for row in dataset.rows],
    )


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


def dataset_json(dataset: Dataset, data: OpenData, *, page_url: str) -> bytes:
    document = {
        "datensatz": dataset.key,
        "titel": dataset.title,
        "beschreibung": dataset.description,
        "herausgeber": data.district.name,
        "kreisschluessel": data.district.key,
        "stand": dataset.modified,
        "quelle": page_url,
        "lizenz": licence_record(data.licence, data),
        "spalten": list(dataset.columns),
        "daten": dataset.records(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_default).encode("utf-8")
