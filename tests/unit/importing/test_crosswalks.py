"""The crosswalks point into the project's vocabularies, and docs/importers.md describes them."""

from pathlib import Path
from typing import cast

import pytest

from dashboard.core.importing import FORMATS
from dashboard.core.importing.crosswalks import (
    ACLED_SUB_EVENT_TYPES,
    ACTOR_KEYWORDS,
    CATEGORY_KEYWORDS,
    CRIME_AT_SEA_ATTACK_TYPES,
    CRIME_AT_SEA_OUTCOMES,
    OUTCOME_KEYWORDS,
    VESSEL_TYPE_KEYWORDS,
    WEAPON_KEYWORDS,
)
from dashboard.core.schema import ACTORS, CATEGORIES, OUTCOMES, VESSEL_TYPES, WEAPONS

DOCS = Path(__file__).resolve().parents[3] / "docs" / "importers.md"


def test_crosswalks_point_into_the_project_vocabularies():
    assert {code for _, code in CATEGORY_KEYWORDS} <= set(CATEGORIES)
    assert {fmt.category_fallback for fmt in FORMATS.values()} | set(CRIME_AT_SEA_ATTACK_TYPES.values()) <= set(
        CATEGORIES
    )
    assert set(ACLED_SUB_EVENT_TYPES.values()) <= set(CATEGORIES)
    assert {code for _, code in OUTCOME_KEYWORDS} | set(CRIME_AT_SEA_OUTCOMES.values()) <= set(OUTCOMES)
    assert {code for _, code in WEAPON_KEYWORDS} <= set(WEAPONS)
    assert {code for _, code in ACTOR_KEYWORDS} <= set(ACTORS)
    assert {code for _, code in VESSEL_TYPE_KEYWORDS} <= set(VESSEL_TYPES)
    # Read-only: a shared table that one import could change would change every later import. The cast
    # tries what the type already forbids, to prove the running object refuses it too.
    with pytest.raises(TypeError):
        cast(dict, CRIME_AT_SEA_ATTACK_TYPES)["boarded"] = "attack"


def test_documentation_covers_formats_crosswalks_and_attribution():
    text = DOCS.read_text(encoding="utf-8")
    for attack_type in CRIME_AT_SEA_ATTACK_TYPES:
        assert attack_type in text.lower()
    for info in FORMATS.values():
        assert info.url is None or info.url in text
    assert "10.5334/johd.39" in text and "CC BY 4.0" in text
