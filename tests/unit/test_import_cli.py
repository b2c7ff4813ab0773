"""The `import` command: arguments, output written atomically, exit codes and the text progress bar."""

import argparse
import io
import json
from pathlib import Path

import pytest

from dashboard.cli.import_command import TextProgress, add_import_parser, parse_mapping, run_import
from dashboard.core.importing import output as importing_output
from tests.factories import wide_workbook
from tests.unit.importing.samples import ASAM_CSV, GENERIC_CSV


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    add_import_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_writes_its_output_atomically(tmp_path, monkeypatch):
    source = tmp_path / "asam.csv"
    source.write_bytes(ASAM_CSV)
    output = tmp_path / "out" / "asam.geojson"
    output.parent.mkdir()  # writes never create folders (a mistyped folder is an error)
    written: list[Path] = []
    real_write = importing_output.write_bytes_atomically

    def noting_write(path, content):
        written.append(Path(path))
        return real_write(path, content)

    monkeypatch.setattr(importing_output, "write_bytes_atomically", noting_write)
    out, err = io.StringIO(), io.StringIO()
    code = run_import(
        _cli(["import", "asam", str(source), "-o", str(output), "--bbox", "40,10,50,15", "--from", "2019-01-01"]),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    assert written == [output]
    assert sorted(path.name for path in output.parent.iterdir()) == ["asam.geojson"]  # no temporary file left
    assert len(json.loads(output.read_text(encoding="utf-8"))["features"]) == 2
    report = out.getvalue()
    assert "5 row(s) read, 2 imported, 2 rejected, 1 duplicate(s) merged" in report
    assert "unreadable position: 1 row(s)" in report and "line 6:" in report


def test_cli_exits_1_on_a_binary_file(tmp_path):
    source = tmp_path / "image.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    output = tmp_path / "out.geojson"
    err = io.StringIO()
    code = run_import(_cli(["import", "csv", str(source), "-o", str(output)]), stdout=io.StringIO(), stderr=err)
    assert code == 1
    assert f"cannot import {source}: binary content" in err.getvalue()
    assert not output.exists()


def test_cli_exits_1_on_a_missing_file_or_bad_mapping(tmp_path):
    err = io.StringIO()
    args = _cli(["import", "csv", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out.geojson")])
    assert run_import(args, stdout=io.StringIO(), stderr=err) == 1
    assert "cannot read" in err.getvalue()
    source = tmp_path / "generic.csv"
    source.write_bytes(GENERIC_CSV)
    err = io.StringIO()
    args = _cli(["import", "csv", str(source), "-o", str(tmp_path / "out.geojson"), "--map", "when"])
    assert run_import(args, stdout=io.StringIO(), stderr=err) == 1
    assert "--map: expected field=column" in err.getvalue()


def test_cli_mapping_and_text_progress_bar():
    assert parse_mapping(["date=Event Date", "lat = Lat"]) == {"date": "Event Date", "lat": "Lat"}
    assert parse_mapping(None) is None
    stream = io.StringIO()
    bar = TextProgress(stream, min_rows=10, width=10)
    for done in range(1, 21):
        bar(done, 20)
    assert stream.getvalue().endswith("\rimporting [##########] 100% 20/20 rows\n")
    quiet = io.StringIO()
    TextProgress(quiet, min_rows=100)(5, 5)
    assert quiet.getvalue() == ""


def _wide_csv(columns: int, rows: int) -> bytes:
    header = ",".join(["date", "lat", "lon", *(f"c{number}" for number in range(columns - 3))])
    line = "2024-01-05,13.1,43.2" + ",x" * (columns - 3)
    return ("\n".join([header, *([line] * rows)]) + "\n").encode()


@pytest.mark.parametrize(
    ("options", "option_named", "detail"),
    [
        (["--max-rows", "5"], "--max-rows", "more than 5 rows"),
        (["--max-columns", "10"], "--max-columns", "over the limit of 10"),
        (["--max-cells", "100"], "--max-cells", "more than 100 cells"),
        (["--max-memory-mb", "1"], "--max-memory-mb", "of memory"),
    ],
)
def test_cli_refuses_a_file_beyond_each_limit_naming_the_option(tmp_path, options, option_named, detail):
    """Issue 16, item 7, on the command line: the upload limits are options, checked while reading."""
    source = tmp_path / "wide.csv"
    source.write_bytes(_wide_csv(columns=20, rows=5_000))
    output = tmp_path / "out.geojson"
    err = io.StringIO()
    code = run_import(
        _cli(["import", "csv", str(source), "-o", str(output), *options]), stdout=io.StringIO(), stderr=err
    )
    assert code == 1
    message = err.getvalue()
    assert f"cannot import {source}: beyond {option_named}" in message and detail in message, message
    assert "Traceback" not in message and not output.exists()


def test_cli_refuses_a_workbook_that_unpacks_beyond_the_limit(tmp_path):
    source = tmp_path / "wide.xlsx"
    source.write_bytes(wide_workbook(columns=2_000, rows=300))
    err = io.StringIO()
    args = _cli(["import", "excel", str(source), "-o", str(tmp_path / "out.geojson"), "--max-expanded-mb", "1"])
    assert run_import(args, stdout=io.StringIO(), stderr=err) == 1
    assert "beyond --max-expanded-mb" in err.getvalue() and "unpacks to" in err.getvalue()


def test_cli_stops_reading_at_the_time_limit(tmp_path, monkeypatch):
    from dashboard.core.importing import pipeline

    ticks = iter(range(0, 10_000_000, 5))  # every look at the clock is 5 s later
    budget = pipeline.ReadBudget
    monkeypatch.setattr(pipeline, "ReadBudget", lambda limits: budget(limits, clock=lambda: next(ticks)))
    source = tmp_path / "long.csv"
    source.write_bytes(_wide_csv(columns=4, rows=50))
    err = io.StringIO()
    args = _cli(["import", "csv", str(source), "-o", str(tmp_path / "out.geojson"), "--max-seconds", "10"])
    assert run_import(args, stdout=io.StringIO(), stderr=err) == 1
    assert "beyond --max-seconds" in err.getvalue() and "longer than the limit of 10 seconds" in err.getvalue()


def test_cli_limits_default_to_rows_only_and_refuse_nonsense(tmp_path, capsys):
    source = tmp_path / "wide.csv"
    source.write_bytes(_wide_csv(columns=300, rows=20))
    output = tmp_path / "out.geojson"
    assert run_import(_cli(["import", "csv", str(source), "-o", str(output)]), stdout=io.StringIO()) == 0
    assert output.exists()
    for bad in (["--max-rows", "0"], ["--max-cells", "-3"], ["--max-seconds", "nan"], ["--max-columns", "ten"]):
        with pytest.raises(SystemExit):
            _cli(["import", "csv", str(source), "-o", str(output), *bad])
    assert "must be 1 or more" in capsys.readouterr().err
