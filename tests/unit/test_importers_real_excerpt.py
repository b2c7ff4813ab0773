"""The Crime at Sea importer on an unmodified excerpt of the published pirate_attacks.csv.

Rows copied verbatim (header, two 1993 rows with "NA" everywhere, three 2015 IMB rows with multi-line
descriptions, en dashes and curly apostrophes) from the dataset by Benden et al. (2021), Journal of Open
Humanities Data 7: 19, https://doi.org/10.5334/johd.39, licensed CC BY 4.0.
"""

from dashboard.core.importing import import_file

EXCERPT = """date,time,longitude,latitude,attack_type,location_description,nearest_country,eez_country,shore_distance,shore_longitude,shore_latitude,attack_description,vessel_name,vessel_type,vessel_status,data_source
1993-01-02,"NA",116.9667,19.7,"NA",Hong Kong - Luzon - Hainan,CHN,TWN,357.50237257241855,115.82595611500005,22.746643521000067,"NA",Mv Cosmic Leader,"NA","NA",mappingpiracy
1993-01-27,"NA",13.25,-8.8,"NA","Port of Luanda, Angola",AGO,AGO,0.509215669071792,13.245371941000087,-8.80006275799991,"NA","NA","NA","NA",mappingpiracy
2015-08-08,20:00,101.98333333332994,2.0511111111111,Hijacked,"(Around 13.4nm ENE of Pulau Rupat, Indonesia), Malacca Straits",IDN,IDN,24.802975577814035,101.77027428500003,1.985052802000041,"08.08.2015: 2000 LT: Posn: 02:03.4N - 101:59.3E (Around 13.4nm ENE of Pulau Rupat, Indonesia), Malacca Straits.
Armed pirates attacked and hijacked a product tanker underway enroute to Malaysia. A search was launched for the missing tanker by the authorities. On 09.08.2015 the tanker was located. The pirates had stolen part of the oil cargo and escaped after disabling all communication equipment. Two crew members were reported injured and were provided medical attention.","NA",Product Tanker,"NA",imb
2015-08-09,"NA",114.46722222222002,-3.7011111111111,Boarded,Taboneo Anchorage,IDN,IDN,15.968440288577172,114.59644616000003,-3.637872002999927,"09.08.2015: Posn: 03:42.4S \u2013 114:28.2E, Taboneo Anchorage, Indonesia.
A surveyor arrived from a service boat and requested the C/O of an anchored bulk carrier to carry out a draft survey. As the C/O was taking the draft readings a small wooden boat approached the shipside. A robber boarded the service boat, harassed the boat operator and then approached and stabbed the C/O with an ice pick. The C/O defended himself but received injuries in the elbow. The robber escaped. The C/O was treated in the nearby floating barge clinic.","NA",Bulk Carrier,Anchored,imb
2015-08-21,02:30,103.43333333332998,1.1683333333333,Attempted,Around 2.9nm NE of Pulau Karimun Kecil,IDN,IDN,6.41567123826087,103.38982181100005,1.1302757830000587,"21.08.2015: 0230 LT: Posn: 01:10.6N \u2013 103:26.7E, Around 2.9nm NE of Pulau Karimun Kecil, Indonesia.
Five robbers in a speed boat approached and attempted to board a tanker underway using a grappling hook. Duty crew noticed the robbers and raised the alarm. Hearing the alarm and seeing the alerted crew, the robbers aborted the attempted attack and moved away. VTIS Singapore informed.","NA",Crude Tanker,"NA",imb
"""


def test_published_excerpt_imports_unchanged():
    records, report = import_file("crimeatsea", EXCERPT.encode("utf-8"))
    assert report.rows_read == 5 and report.imported == 5 and not report.rejected
    by_date = records.set_index("date")
    assert by_date.loc["2015-08-08", "category"] == "hijacking"
    assert by_date.loc["2015-08-21", "source_category"] == "Attempted"
    assert "Armed pirates attacked and hijacked" in by_date.loc["2015-08-08", "summary"]
    assert by_date.loc["2015-08-09", "lat"] < 0
    assert by_date.loc["1993-01-02", "vessel_name"] == "Mv Cosmic Leader"
    assert records.loc[records["date"] == "1993-01-27", "vessel_name"].isna().all()


def test_published_excerpt_with_crlf_and_bom():
    data = ("\ufeff" + EXCERPT.replace("\n", "\r\n")).encode("utf-8")
    records, report = import_file("crimeatsea", data)
    assert report.imported == 5
    assert list(records["date"]) == ["1993-01-02", "1993-01-27", "2015-08-08", "2015-08-09", "2015-08-21"]
