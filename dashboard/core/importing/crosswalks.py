"""Crosswalks: the source's words -> the project's vocabularies (first matching rule wins, case ignored)."""

from __future__ import annotations

import re
from collections import Counter
from types import MappingProxyType

from dashboard.core.importing.values import code_of, in_box
from dashboard.core.schema import ACTORS, CATEGORIES, OUTCOMES, VESSEL_TYPES, WEAPONS

_I = re.IGNORECASE
KeywordRules = tuple[tuple[re.Pattern[str], str], ...]


def keyword_rules(*rules: tuple[str, str]) -> KeywordRules:
    """Compile (code, pattern) pairs, case ignored, keeping their order (the first match wins)."""
    return tuple((re.compile(pattern, _I), code) for code, pattern in rules)


CATEGORY_KEYWORDS = keyword_rules(
    (
        "boarding_attempt",
        r"attempt(?:ed|s)?\s+(?:to\s+)?hijack|attempted\s+boarding|attempt(?:ed|s)?\s+to\s+board|tried\s+to\s+board",
    ),
    ("hijacking", r"\bhijack|\bseiz(?:e|ed|es|ing|ure)\b|\bcommandeer"),
    (
        "boarding_attempt",
        r"(?<!on )\bboard(?:ed|ing)\b|\bclimbed\s+(?:on\s*)?board|\brobbe(?:d|ry|ries|rs)\b|\bstole\b|\btheft\b",
    ),
    (
        "attack",
        r"\bfired\s+(?:up)?on\b|\battack|\bmissiles?\b|\bdrones?\b|\brockets?\b|\bexplo(?:sion|ded|sive)"
        r"|\bshot\s+at\b|\bgunfire\b|\bopened\s+fire\b|\brpg|\bprojectile|\bstruck\b|\bstrike\b",
    ),
    ("suspicious_approach", r"\bapproach|\bsuspicious|\bchased\b|\bfollowed\b|\bskiffs?\b"),
)
OUTCOME_KEYWORDS = keyword_rules(
    ("sunk", r"\bsank\b|\bsunk\b|\bsinking\b|\bsinks\b"),
    (
        "damaged",
        r"(?<!no )(?<!not )(?<!without )\bdamag|\bcaught\s+fire\b|\bon\s+fire\b|\bablaze\b"
        r"|\bfire\s+broke\s+out|\b(?:a|the)\s+fire\b|(?<!no )\binjur|(?<!no )\bcasualt",
    ),
    ("hit", r"(?<!not )\bhit\b|\bstruck\b|\bimpacted\b"),
    ("intercepted", r"\bintercept|\bshot\s+down\b"),
    (
        "missed",
        r"\bmiss(?:ed|es)\b|\blanded\s+(?:in\s+the\s+(?:water|sea)\s+)?(?:near|close)|\bsplash|\bfell\s+short\b",
    ),
    (
        "repelled",
        r"\brepel|\brepuls|\bthwart|\babort|\bfled\b|\bretreat|\bmoved\s+away\b|\bbroke\s+off\b"
        r"|\bcalled\s+off\b|\bwithdr[ae]w|\bturned\s+away\b|\bfoiled\b|\bdriven\s+off\b|\bunsuccessful\b",
    ),
)
WEAPON_KEYWORDS = keyword_rules(
    ("anti_ship_ballistic_missile", r"\bballistic\s+missile"),
    ("anti_ship_cruise_missile", r"\bcruise\s+missile"),
    ("missile_unspecified", r"\bmissiles?\b"),
    ("one_way_attack_drone", r"\b(?:drones?|uavs?)\b(?!\s+boats?)|\bunmanned\s+aerial|\buncrewed\s+aerial"),
    (
        "uncrewed_surface_vessel",
        r"\bdrone\s+boats?\b|\busvs?\b|\bunmanned\s+surface|\buncrewed\s+surface|\bwbied\b"
        r"|\bexplosive[- ]laden\s+boat|\bremote[- ]controlled\s+boat",
    ),
    (
        "small_arms_rpg",
        r"\brpgs?\b|\brocket[- ]propelled|\bfired\s+(?:up)?on\b|\bgunfire\b|\bsmall\s+arms\b|\bguns?\b"
        r"|\brifles?\b|\bak-?47|\bopened\s+fire\b|\bshots?\s+(?:were\s+)?fired\b|\bshot\s+at\b"
        r"|\bmachine\s*guns?\b|\bgunmen\b",
    ),
    ("armed_boarding", r"(?<!on )\bboard(?:ed|ing)\b|\battempt(?:ed|s)?\s+to\s+board|\bladders?\b|\bgrappl"),
    ("helicopter_boarding", r"\bhelicopter"),
    ("limpet_mine", r"\blimpet|\bmines?\b"),
)
ACTOR_KEYWORDS = keyword_rules(
    ("houthi", r"\bhou?thi|\bhuthi|\bansar\s*-?\s*allah|\bansarallah"),
    (
        "iran",
        r"\birgc\b|\brevolutionary\s+guard|\bforces\s+of\s+iran\b|\biranian\s+(?:navy|forces|military"
        r"|commandos|personnel)\b|\biran(?:ian)?\s+(?:seized|boarded|attacked)\b",
    ),
    ("somali_pirates", r"\bsomali\w*\s+pirat"),
)
PIRATE_PATTERN = re.compile(r"\bpirat", _I)
# Pirates reported here are attributed to Somali groups: the industry's former High Risk Area
# (Red Sea south of 26N, Gulf of Aden, Somali Basin, Arabian Sea), west, south, east, north.
SOMALI_PIRACY_AREA = (32.0, -12.0, 70.0, 26.0)
VESSEL_TYPE_KEYWORDS = keyword_rules(
    ("bulk_carrier", r"\bbulk"),
    ("container_ship", r"\bcontainer|\bbox\s*ship"),
    ("gas_carrier", r"\blpg\b|\blng\b|\bgas\s+(?:carrier|tanker)|\bgas\b"),
    ("chemical_tanker", r"\bchemical|\bproducts?\s+(?:tanker|carrier)"),
    ("oil_tanker", r"\btanker|\bcrude|\boil\b|\bvlcc\b|\bulcc\b|\bsuezmax|\baframax"),
    ("vehicle_carrier", r"\bvehicle|\bcar\s+carrier|\bpctc?\b|\bpcc\b"),
    ("ro_ro", r"\bro-?ro\b|\bro\s+ro\b|\broll[- ]on"),
    ("reefer", r"\breefer|\brefrigerat"),
    ("general_cargo", r"\bgeneral\s+cargo|\bcargo|\bfreighter"),
    ("fishing_vessel", r"\bfishing|\btrawler|\bf/?v\b|\blongliner|\bseiner"),
    ("dhow", r"\bdhows?\b"),
    ("tug", r"\btugs?\b|\btugboat|\btowing"),
    ("yacht", r"\byacht|\bsailing|\bcatamaran|\bpleasure"),
    ("passenger", r"\bpassenger|\bferry|\bcruise(?!\s+missile)"),
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


def first_match(text: str, rules: KeywordRules) -> str | None:
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
