"""Record text and URL values reach the page inert: escaped headings, capped URL notices."""

import re

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.factories import make_collection, write_collection
from tests.shown import shown_text

IMAGE_NAME = "![t](https://evil.example/x.png) [x](https://evil.example) :red[red] $x^2$ **bold**"


def _unescaped_markdown(markdown: str) -> list[str]:
    """Markdown punctuation that is not backslash-escaped (would be read as syntax)."""
    return re.findall(r"(?<!\\)[\[\]()*$!:]", markdown.replace("\\\\", ""))


def test_detail_heading_shows_a_hostile_vessel_name_as_text(tmp_path, monkeypatch):
    collection = make_collection(3)
    collection["features"][0]["properties"]["vessel_name"] = IMAGE_NAME
    monkeypatch.setenv("INCIDENTS_FILE", str(write_collection(tmp_path / "hostile.geojson", collection)))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["incident"] = "RS-2024-0001"
    at.run()
    assert not at.exception
    heading = next(header.value for header in at.subheader if "evil.example" in shown_text(header.value))
    assert _unescaped_markdown(heading.split(" · ")[0]) == []
    assert shown_text(heading).startswith(IMAGE_NAME + " · ")


def test_hundreds_of_unknown_url_keys_give_a_few_notices(tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENTS_FILE", str(write_collection(tmp_path / "r.geojson", make_collection(3))))
    at = AppTest.from_file(APP, default_timeout=60)
    for number in range(500):
        at.query_params[f"key{number}"] = "x"
    at.run()
    assert not at.exception
    warnings = [warning.value for warning in at.sidebar.warning]
    assert len(warnings) == 4
    assert "497 more URL parameter problems" in warnings[-1]
