"""The district's open data described in DCAT-AP.de 2.0 (D102): JSON-LD, and the same graph as Turtle.

Property names as in the DCAT-AP.de 2.0 specification's property lists (dcat:Catalog, dcat:Dataset,
dcat:Distribution) and its controlled vocabularies: licences (http://dcat-ap.de/def/licenses/),
political geocoding at district level (``districtKey/<Kreisschlüssel>``, level ``administrativeDistrict``),
contributors (http://dcat-ap.de/def/contributors/).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from opendata.selectors import Dataset, OpenData

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
GEOCODING_LEVEL_DISTRICT = "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
GEOCODING_DISTRICT = "http://dcat-ap.de/def/politicalGeocoding/districtKey/"
# The Land's open-data portal, as DCAT-AP.de's list of contributors names it (checked: these two only).
CONTRIBUTORS = {
    "05": "http://dcat-ap.de/def/contributors/openNRW",
    "09": "http://dcat-ap.de/def/contributors/openDataBayern",
}
LANGUAGE_GERMAN = "http://publications.europa.eu/resource/authority/language/DEU"
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
FORMATS = {
    "csv": ("http://publications.europa.eu/resource/authority/file-type/CSV", "text/csv"),
    "json": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
}
IANA = "https://www.iana.org/assignments/media-types/"

Node = dict[str, Any]


def _de(text: str) -> Node:
    return {"@value": text, "@language": "de"}


def _iri(value: str) -> Node:
    return {"@id": value}


def _date(value: datetime.date) -> Node:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def catalogue_graph(data: OpenData, *, url: Callable[[str], str]) -> Node:
    """The JSON-LD document. ``url(path)`` makes an absolute URL of a path of the site."""
    district = data.district
    base = f"/offen/{district.slug}/"
    publisher = url(base) + "#herausgeber"
    licence = _iri(data.licence.dcat_uri)
    common: Node = {
        "dct:publisher": _iri(publisher),
        "dct:license": licence,
        "dcatde:politicalGeocodingURI": _iri(GEOCODING_DISTRICT + district.key),
        "dcatde:politicalGeocodingLevelURI": _iri(GEOCODING_LEVEL_DISTRICT),
        "dct:language": _iri(LANGUAGE_GERMAN),
        "dcat:theme": _iri(THEME_GOVERNMENT),
    }
    contributor = CONTRIBUTORS.get(district.federal_state)
    if contributor:
        common["dcatde:contributorID"] = _iri(contributor)
    nodes: list[Node] = [{"@id": publisher, "@type": "foaf:Organization", "foaf:name": district.name}]
    dataset_ids = []
    for dataset in data.datasets:
        dataset_id = url(base) + f"#datensatz-{dataset.key}"
        dataset_ids.append(_iri(dataset_id))
        nodes.append(_dataset_node(dataset, dataset_id, common, data, url=url, base=base))
        nodes += _distributions(dataset, dataset_id, data, url=url, base=base)
    modified = [d.modified for d in data.datasets if d.modified]
    catalogue: Node = {
        "@id": url(base) + "#katalog",
        "@type": "dcat:Catalog",
        "dct:title": _de(f"Offene Daten der Digitalisierungsstrategie – {district.name}"),
        "dct:description": _de(
            f"Leitbild, zusammengefasste Quick-Check-Ergebnisse, gemeinsame Projekte und Leuchttürme der "
            f"gemeinsamen Digitalisierungsstrategie von {district.name} und seinen Kommunen."
        ),
        "dct:publisher": _iri(publisher),
        "dct:language": _iri(LANGUAGE_GERMAN),
        "dct:license": licence,
        "foaf:homepage": _iri(url(base)),
        "dcat:dataset": dataset_ids,
    }
    if modified:
        catalogue["dct:modified"] = _date(max(modified))
    return {"@context": PREFIXES, "@graph": [catalogue, *nodes]}


def _dataset_node(
    dataset: Dataset, dataset_id: str, common: Node, data: OpenData, *, url: Callable[[str], str], base: str
) -> Node:
    node: Node = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": _de(f"{dataset.title} – {data.district.name}"),
        "dct:description": _de(dataset.description),
        **common,
        "dcat:keyword": [_de("Digitalisierung"), _de("Digitalisierungsstrategie"), _de(data.district.name)],
        "dcat:landingPage": _iri(url(base) + f"#{dataset.key}"),
        "dcat:distribution": [_iri(f"{dataset_id}-{file_format}") for file_format in FORMATS],
    }
    if dataset.modified:
        node["dct:modified"] = _date(dataset.modified)
    return node


def _distributions(
    dataset: Dataset, dataset_id: str, data: OpenData, *, url: Callable[[str], str], base: str
) -> list[Node]:
    nodes = []
    for file_format, (format_uri, media_type) in FORMATS.items():
        download = url(f"{base}daten/{dataset.key}.{file_format}")
        node: Node = {
            "@id": f"{dataset_id}-{file_format}",
            "@type": "dcat:Distribution",
            "dct:title": _de(f"{dataset.title} ({file_format.upper()})"),
            "dcat:accessURL": _iri(download),
            "dcat:downloadURL": _iri(download),
            "dct:format": _iri(format_uri),
            "dcat:mediaType": _iri(IANA + media_type),
            "dct:license": _iri(data.licence.dcat_uri),
        }
        if data.licence.attribution_required:
            node["dcatde:licenseAttributionByText"] = _de(data.district.name)
        if dataset.modified:
            node["dct:modified"] = _date(dataset.modified)
        nodes.append(node)
    return nodes


def catalogue_jsonld(graph: Node) -> bytes:
    return json.dumps(graph, ensure_ascii=False, indent=2).encode("utf-8")


# --- Turtle: the same graph, written out (no RDF library needed for this flat shape) -----------


def _turtle_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _turtle_term(value: Any) -> str:
    if isinstance(value, str):
        return _turtle_string(value)
    if "@id" in value:
        return f"<{value['@id']}>"
    literal = _turtle_string(value["@value"])
    if "@language" in value:
        return f"{literal}@{value['@language']}"
    return f"{literal}^^{value['@type']}"


def catalogue_turtle(graph: Node) -> bytes:
    lines = [f"@prefix {prefix}: <{iri}> ." for prefix, iri in PREFIXES.items()]
    for node in graph["@graph"]:
        statements = [f"a {node['@type']}"]
        for key, value in node.items():
            if key.startswith("@"):
                continue
            values = value if isinstance(value, list) else [value]
            statements.append(f"{key} " + ", ".join(_turtle_term(v) for v in values))
        lines.append("")
        lines.append(f"<{node['@id']}> " + " ;\n    ".join(statements) + " .")
    return ("\n".join(lines) + "\n").encode("utf-8")
