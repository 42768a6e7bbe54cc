"""Open data: the coordinator's setting (page and API), and the public pages, files and catalogue (D100)."""

from __future__ import annotations

from django.urls import path
from kreisagenda.routes import DISTRICT_API, DISTRICT_PAGE

from opendata import apis, views
from opendata.selectors import DATASET_KEYS

PUBLIC = "offen/<slug:district_slug>"

urlpatterns = [
    path(f"{DISTRICT_PAGE}/offene-daten/", views.open_data_settings_page, name="open-data-settings"),
    path(f"{PUBLIC}/", views.public_home, name="open-data-home"),
    path(f"{PUBLIC}/katalog.<str:file_format>", views.public_catalogue, name="open-data-catalogue"),
    *(
        path(
            f"{PUBLIC}/daten/{key}.<str:file_format>",
            views.public_dataset,
            {"dataset_key": key},
            name=f"open-data-{key}",
        )
        for key in DATASET_KEYS
    ),
]

api_urlpatterns = [
    path(f"{DISTRICT_API}/open-data/", apis.DistrictOpenDataApi.as_view(), name="district-open-data-api"),
]
