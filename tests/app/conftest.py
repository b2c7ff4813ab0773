"""AppTest fixtures: the app on a small in-code record."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import make_collection, make_feature, write_collection

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def small_record() -> dict:
    """Six incidents across two years, categories and outcomes."""
    collection = make_collection(5)
    collection["features"].append(
        make_feature(
            45.5,
            12.3,
            id="RS-2025-0001",
            date="2025-07-07",
            category="sinking",
            outcome="sunk",
            vessel_name="Eternity C",
            imo=None,
            flag="Liberia",
            crew_killed=4,
            crew_held=11,
            weapons=["uncrewed_surface_vessel"],
        )
    )
    return collection


def open_app(page: str | None = None, **params: str) -> AppTest:
    """A new session of the app opened with these URL parameters (then on `page`), failing on any exception."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


# Three rows of the NGA ASAM layout: one hijacking, one approach, one without a readable position.
ASAM_UPLOAD = (
    "reference,date,position,navArea,subreg,hostility,victim,description\r\n"
    '2009-101,04/08/2009,"12°30\'00""N 047°10\'00""E",IX,62,Pirates,Bulk carrier,'
    '"Pirates in two skiffs fired upon and hijacked a bulk carrier underway."\r\n'
    '2009-102,05/10/2009,"13°00\'00""N\n048°20\'00""E",IX,62,PIRATES,tanker,"Tanker approached by a skiff."\r\n'
    '2009-103,05/11/2009,"not a position",IX,62,Pirates,dhow,"Dhow boarded."\r\n'
).encode()


def upload(at, format_code: str, name: str, data: bytes, mapping: str | None = None) -> AppTest:
    """Import `data` as file `name` on the Import page of `at`, in `format_code`."""
    at.switch_page("views/imports.py").run()
    at.selectbox(key="import_format").set_value(format_code).run()
    if mapping is not None:
        at.text_area(key="import_mapping").set_value(mapping).run()
    at.file_uploader(key="import_file").set_value((name, data, "text/csv")).run()
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def record_file(tmp_path, monkeypatch):
    path = write_collection(tmp_path / "incidents.geojson", small_record())
    monkeypatch.setenv("INCIDENTS_FILE", str(path))
    return path


@pytest.fixture
def app(record_file):
    return AppTest.from_file(APP, default_timeout=60)
