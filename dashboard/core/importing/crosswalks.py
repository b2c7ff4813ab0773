"""Crosswalks: the source's words -> the project's vocabularies (first matching rule wins, case ignored)."""

from __future__ import annotations

import re
from collections import Counter
from types import MappingProxyType

from dashboard.core.importing.values import code_of, in_box
from dashboard.core.schema import ACTORS, CATEGORIES, OUTCOMES, VESSEL_TYPES, WEAPONS

_I = re.IGNORECASE
CATEGORY_KEYWORDS = (
    (
        re.compile(
            r"attempt(?:ed|s)?\s+(?:to\s+)?hijack|attempted\s+boarding|attempt(?:ed|s)?\s+to\s+board"
            r"|tried\s+to\s+board",
            _I,
        ),
        "boarding_attempt",
    ),
    (re.compile(r"\bhijack|\bseiz(?:e|ed|es|ing|ure)\b|\bcommandeer", _I), "hijacking"),
    (
        re.compile(
            r"(?<!on )\bboard(?:ed|ing)\b|\bclimbed\s+(?:on\s*)?board|\brobbe(?:d|ry|ries|rs)\b|\bstole\b"
            r"|\btheft\b",
            _I,
        ),
        "boarding_attempt",
    ),
    (
        re.compile(
            r"\bfired\s+(?:up)?on\b|\battack|\bmissiles?\b|\bdrones?\b|\brockets?\b|\bexplo(?:sion|ded|sive)"
            r"|\bshot\s+at\b|\bgunfire\b|\bopened\s+fire\b|\brpg|\bprojectile|\bstruck\b|\bstrike\b",
            _I,
        ),
        "attack",
    ),
    (re.compile(r"\bapproach|\bsuspicious|\bchased\b|\bfollowed\b|\bskiffs?\b", _I), "suspicious_approach"),
)
OUTCOME_KEYWORDS = (
    (re.compile(r"\bsank\b|\bsunk\b|\bsinking\b|\bsinks\b", _I), "sunk"),
    (
        re.compile(
            r"(?<!no )(?<!not )(?<!without )\bdamag|\bcaught\s+fire\b|\bon\s+fire\b|\bablaze\b"
            r"|\bfire\s+broke\s+out|\b(?:a|the)\s+fire\b|(?<!no )\binjur|(?<!no )\bcasualt",
            _I,
        ),
        "damaged",
    ),
    (re.compile(r"(?<!not )\bhit\b|\bstruck\b|\bimpacted\b", _I), "hit"),
    (re.compile(r"\bintercept|\bshot\s+down\b", _I), "intercepted"),
    (
        re.compile(
            r"\bmiss(?:ed|es)\b|\blanded\s+(?:in\s+the\s+(?:water|sea)\s+)?(?:near|close)|\bsplash"
            r"|\bfell\s+short\b",
            _I,
        ),
        "missed",
    ),
    (
        re.compile(
            r"\brepel|\brepuls|\bthwart|\babort|\bfled\b|\bretreat|\bmoved\s+away\b|\bbroke\s+off\b"
            r"|\bcalled\s+off\b|\bwithdr[ae]w|\bturned\s+away\b|\bfoiled\b|\bdriven\s+off\b"
            r"|\bunsuccessful\b",
            _I,
        ),
        "repelled",
    ),
)
WEAPON_KEYWORDS = (
    (re.compile(r"\bballistic\s+missile", _I), "anti_ship_ballistic_missile"),
    (re.compile(r"\bcruise\s+missile", _I), "anti_ship_cruise_missile"),
    (re.compile(r"\bmissiles?\b", _I), "missile_unspecified"),
    (
        re.compile(r"\b(?:drones?|uavs?)\b(?!\s+boats?)|\bunmanned\s+aerial|\buncrewed\s+aerial", _I),
        "one_way_attack_drone",
    ),
    (
        re.compile(
            r"\bdrone\s+boats?\b|\busvs?\b|\bunmanned\s+surface|\buncrewed\s+surface|\bwbied\b"
            r"|\bexplosive[- ]laden\s+boat|\bremote[- ]controlled\s+boat",
            _I,
        ),
        "uncrewed_surface_vessel",
    ),
    (
        re.compile(
            r"\brpgs?\b|\brocket[- ]propelled|\bfired\s+(?:up)?on\b|\bgunfire\b|\bsmall\s+arms\b|\bguns?\b"
            r"|\brifles?\b|\bak-?47|\bopened\s+fire\b|\bshots?\s+(?:were\s+)?fired\b|\bshot\s+at\b"
            r"|\bmachine\s*guns?\b|\bgunmen\b",
            _I,
        ),
        "small_arms_rpg",
    ),
    (
        re.compile(r"(?<!on )\bboard(?:ed|ing)\b|\battempt(?:ed|s)?\s+to\s+board|\bladders?\b|\bgrappl", _I),
        "armed_boarding",
    ),
    (re.compile(r"\bhelicopter", _I), "helicopter_boarding"),
    (re.compile(r"\blimpet|\bmines?\b", _I), "limpet_mine"),
)
ACTOR_KEYWORDS = (
    (re.compile(r"\bhou?thi|\bhuthi|\bansar\s*-?\s*allah|\bansarallah", _I), "houthi"),
    (
        re.compile(
            r"\birgc\b|\brevolutionary\s+guard|\bforces\s+of\s+iran\b|\biranian\s+(?:navy|forces|military"
            r"|commandos|personnel)\b|\biran(?:ian)?\s+(?:seized|boarded|attacked)\b",
            _I,
        ),
        "iran",
    ),
    (re.compile(r"\bsomali\w*\s+pirat", _I), "somali_pirates"),
)
PIRATE_PATTERN = re.compile(r"\bpirat", _I)
# Pirates reported here are attributed to Somali groups: the industry's former High Risk Area
# (Red Sea south of 26N, Gulf of Aden, Somali Basin, Arabian Sea), west, south, east, north.
SOMALI_PIRACY_AREA = (32.0, -12.0, 70.0, 26.0)
VESSEL_TYPE_KEYWORDS = (
    (re.compile(r"\bbulk", _I), "bulk_carrier"),
    (re.compile(r"\bcontainer|\bbox\s*ship", _I), "container_ship"),
    (re.compile(r"\blpg\b|\blng\b|\bgas\s+(?:carrier|tanker)|\bgas\b", _I), "gas_carrier"),
    (re.compile(r"\bchemical|\bproducts?\s+(?:tanker|carrier)", _I), "chemical_tanker"),
    (re.compile(r"\btanker|\bcrude|\boil\b|\bvlcc\b|\bulcc\b|\bsuezmax|\baframax", _I), "oil_tanker"),
    (re.compile(r"\bvehicle|\bcar\s+carrier|\bpctc?\b|\bpcc\b", _I), "vehicle_carrier"),
    (re.compile(r"\bro-?ro\b|\bro\s+ro\b|\broll[- ]on", _I), "ro_ro"),
    (re.compile(r"\breefer|\brefrigerat", _I), "reefer"),
    (re.compile(r"\bgeneral\s+cargo|\bcargo|\bfreighter", _I), "general_cargo"),
    (re.compile(r"\bfishing|\btrawler|\bf/?v\b|\blongliner|\bseiner", _I), "fishing_vessel"),
    (re.compile(r"\bdhows?\b", _I), "dhow"),
    (re.compile(r"\btugs?\b|\btugboat|\btowing", _I), "tug"),
    (re.compile(r"\byacht|\bsailing|\bcatamaran|\bpleasure", _I), "yacht"),
    (re.compile(r"\bpassenger|\bferry|\bcruise(?!\s+missile)", _I), "passenger"),
)
# Words naming "a ship" without its type; anything else unrecognised becomes `other`.
GENERIC_VESSEL_WORDS = re.compile(
    r"^(?:merchant\s+(?:vessel|ship)|commercial\s+(?:vessel|ship)|vessel|ship|m/?v|unknown|unk|n/?a|none|-"
    r"|not\s+(?:stated|known|reported))$",
    _I,
)
CRIME_AT_SEA_ATTACK_TYPES = MappingProxyType(
    {
        "boarded": "boarding_attempt",
        "attempted": "boarding_attempt",
        "fired upon": "attack",
        "hijacked": "hijacking",
        "suspicious": "suspicious_approach",
        "explosion": "attack",
    }
)
# Outcomes implied by the attack type; other types take the outcome keywords of the description.
CRIME_AT_SEA_OUTCOMES = MappingProxyType({"hijacked": "hijacked", "attempted": "repelled"})
ACLED_SUB_EVENT_TYPES = MappingProxyType(
    {
        "abduction/forced disappearance": "hijacking",
        "armed clash": "attack",
        "attack": "attack",
        "air/drone strike": "attack",
        "shelling/artillery/missile attack": "attack",
        "remote explosive/landmine/ied": "attack",
    }
)
ACLED_MARITIME_TEXT = re.compile(r"\b(?:ships?|shipping|vessels?|tankers?|maritime|sea|off\s+the\s+coast)\b", _I)
ACLED_MARITIME_PLACES = re.compile(r"red\s+sea|gulf\s+of\s+aden|bab\s+(?:al|el)[- ]?mand[ae]b", _I)
# Crime at Sea `data_source` values that name an official reporting centre make a record `confirmed`.
OFFICIAL_REPORT_SOURCES = ("asam", "imb", "ukmto", "recaap", "mdat")


def first_match(text: str, rules: tuple) -> str | None:
    """The code of the first rule whose pattern occurs in `text`."""
    for pattern, code in rules:
        if pattern.search(text):
            return code
    return None


def category_of(text: str, fallback: str, counters: Counter, given: str | None = None) -> str:
    """Our category: the given value when it is one of our codes, else keywords, else `fallback` (counted)."""
    code = code_of(given, CATEGORIES) or first_match(text, CATEGORY_KEYWORDS)
    if code is None:
        code = fallback
        counters[f"category_fallback:{code}"] += 1
    return code


def outcome_of(text: str, category: str, given: str | None = None) -> str:
    """Our outcome: the given code, else keywords (a hijacking is `hijacked` unless the ship sank)."""
    code = code_of(given, OUTCOMES)
    if code:
        return code
    keyword = first_match(text, OUTCOME_KEYWORDS)
    if keyword == "sunk":
        return keyword
    if category == "hijacking":
        return "hijacked"
    return keyword or "unknown"


def weapons_of(text: str, given: str | None = None) -> list[str]:
    """Our weapon codes: the given list when all are our codes, else every keyword rule that matches."""
    if given:
        parts = re.split(r"[;,|]", given)
        codes = [code for code in (code_of(part, WEAPONS) for part in parts) if code]
        if codes and len(codes) == len(parts):
            return list(dict.fromkeys(codes))
        text = f"{given} {text}"
    found = [code for pattern, code in WEAPON_KEYWORDS if pattern.search(text)]
    if "missile_unspecified" in found and {"anti_ship_ballistic_missile", "anti_ship_cruise_missile"} & set(found):
        found.remove("missile_unspecified")
    return found or ["unknown"]


def actor_of(text: str, lon: float, lat: float, given: str | None = None) -> str:
    """Our actor: the given code, else keywords, else pirates inside SOMALI_PIRACY_AREA, else `unknown`."""
    code = code_of(given, ACTORS) or first_match(f"{given or ''} {text}", ACTOR_KEYWORDS)
    if code:
        return code
    if PIRATE_PATTERN.search(f"{given or ''} {text}") and in_box(lon, lat, SOMALI_PIRACY_AREA):
        return "somali_pirates"
    return "unknown"


def vessel_type_of(text: str | None, *, other_when_unknown: bool = True) -> str:
    """Our vessel type: the given code, else keywords; words only saying "a ship" give `unknown`."""
    if not text:
        return "unknown"
    code = code_of(text, VESSEL_TYPES) or first_match(text, VESSEL_TYPE_KEYWORDS)
    if code:
        return code
    if GENERIC_VESSEL_WORDS.match(text.strip()) or not other_when_unknown:
        return "unknown"
    return "other"


def is_maritime(location: str, notes: str) -> bool:
    """Whether an ACLED event happened at sea (by its location and notes)."""
    return bool(ACLED_MARITIME_PLACES.search(location) or ACLED_MARITIME_TEXT.search(f"{location} {notes}"))
