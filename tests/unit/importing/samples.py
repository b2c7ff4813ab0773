"""Small in-code files of every importable format, shared by the importer tests."""

import json

import pandas as pd

# ASAM export: BOM, CRLF, a position split over two lines, a duplicated reference, an unreadable position.
ASAM_CSV = (
    "reference,date,position,navArea,subreg,hostility,victim,description\r\n"  # line 1
    '2019-123,2019-03-15,"12°34\'56""N\r\n045°01\'02""E",IX,62,PIRATES,Bulk Carrier,'  # line 2
    '"GULF OF ADEN: Pirates in two skiffs fired upon and attempted to board a bulk carrier. '
    'The ship took evasive action and the pirates aborted."\r\n'  # line 3
    "2019-124,3/16/2019,13°00'N 043°10'E,IX,62,Houthi,tanker,"
    '"RED SEA: Tanker struck by a missile at 0530 UTC, caught fire."\r\n'  # line 4
    "2019-123,2019-03-15,,IX,62,Pirates,bulk carrier,\r\n"  # line 5
    "2019-125,2019-03-17,12°XX'N 045°E,IX,62,robbers,dhow,Robbers boarded a dhow.\r\n"  # line 6
    "2019-126,,12°N 045°E,IX,62,armed men,fishing vessel,Armed men hijacked a fishing vessel.\r\n"  # line 7
).encode("utf-8-sig")
ASAM_OLD_CSV = (
    b"reference,dateofocc,position,navArea,subreg,hostility,victim,description\n"
    b"2009-10,01/12/2009,12-34.5N 045-01.2E,IX,62,Pirate,merchant vessel,Suspicious approach by a skiff.\n"
)

# Crime at Sea: NA values and a description over two lines.
CRIME_AT_SEA_CSV = (
    b"date,time,longitude,latitude,attack_type,location_description,nearest_country,eez_country,"
    b"shore_distance,shore_longitude,shore_latitude,attack_description,vessel_name,vessel_type,"
    b"vessel_status,data_source\n"  # line 1
    b'2010-03-05,NA,45.2,12.4,Hijacked,Gulf of Aden,YEM,YEM,40.1,45.0,12.8,"Pirates armed with guns '  # line 2
    b'boarded and hijacked the bulk carrier.\nThe crew of 20 was taken hostage.",ALPHA STAR,'
    b"Bulk carrier,Steaming,IMB\n"  # line 3
    b"2011-01-02,05:30,NA,NA,Attempted,NA,NA,NA,NA,NA,NA,Robbers tried to board.,NA,NA,NA,MAPS\n"  # line 4
    b"2015-07-09,NA,43.5,13.1,Suspicious,Southern Red Sea,ERI,ERI,20.5,43.2,13.3,"
    b'"Six skiffs approached the tanker; the vessel increased speed and the skiffs moved away.",'
    b"NA,Tanker,Underway,MAPS\n"  # line 5
)

ACLED_HEADER = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
    "country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities\n"
)
ACLED_CSV = (
    ACLED_HEADER + "YEM1234,26 January 2024,2024,Explosions/Remote violence,Shelling/artillery/missile attack,"
    "Houthi Movement (Ansar Allah),,Civilians (International),Yemen,Aden,Gulf of Aden,13.2,47.1,2,Reuters,"
    '"On 26 January 2024, Houthi forces fired an anti-ship ballistic missile at the oil tanker '
    'Marlin Luanda in the Gulf of Aden, causing a fire on board.",0\n'
    + "YEM1235,2024-01-27,2024,Battles,Armed clash,Military Forces of Yemen,,Houthi Movement,Yemen,Taizz,"
    "Taizz,13.58,44.02,1,Local,Clashes between government forces and Houthis in Taizz city.,2\n"
    + "YEM1236,2024-02-18,2024,Explosions/Remote violence,Shelling/artillery/missile attack,"
    "Ansar Allah,,Civilians (International),Yemen,Al Hudaydah,Bab al Mandab,13.0,43.2,2,UKMTO,"
    "Two missiles struck the bulk carrier Rubymar.,0\n"
).encode("utf-8")

GENERIC_CSV = (
    b"Event Date;Lat;Long;Ship;Kind;What happened\n"
    b'2024-02-19;13.1;43.2;Test One;Missile attack;"A missile hit the ship; minor damage."\n'
    b"19/02/2024;13.2;43.3;Test Two;hijacking;Seized by boarders from a helicopter.\n"
    b"02/03/2024;13.3;43.4;Test Three;attack;Ambiguous date.\n"
)
GENERIC_MAPPING = {
    "date": "Event Date",
    "lat": "Lat",
    "lon": "Long",
    "vessel_name": "Ship",
    "category": "Kind",
    "summary": "What happened",
}


def geojson_bytes() -> bytes:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [42.5, 15.0]},
                "properties": {
                    "id": "A1",
                    "date": "2024-03-01",
                    "category": "attack",
                    "summary": "Drone attack.",
                    "weapons": ["one_way_attack_drone"],
                    "vessel_type": "Container ship",
                },
            },
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[[42, 15], [43, 15], [42, 16], [42, 15]]]},
                "properties": {"id": "A2", "date": "2024-03-02", "summary": "An area."},
            },
        ],
    }
    return json.dumps(collection, indent=2).encode("utf-8")


def rows_by_id(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: row for row in frame.to_dict(orient="records")}


def balanced(report) -> bool:
    return report.rows_read == report.imported + len(report.rejected) + report.skipped + report.duplicates_merged
