"""The command line: export, query and stats through click, stdout and stderr checked apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def exported(runner: CliRunner, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", str(ROOT / "content"), "-o", str(out), "-f", "ttl", "-f", "nq"])
    assert result.exit_code == 0, result.output
    return out


def test_export_summary_and_warnings(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["export", str(ROOT / "content"), "-o", str(out)])
    assert result.exit_code == 0
    assert "monographs exported:  1" in result.stdout
    assert "side-effect" in result.stdout
    assert "content/cyanocobalamin.md:49: warning: text repaired" in result.stderr
    assert "warning" not in result.stdout.split("problems:")[0]
    assert sorted(p.name for p in out.iterdir()) == ["kg.jsonld", "kg.ttl", "report.json"]
    report = json.loads((out / "report.json").read_text())
    assert report["monographs_exported"] == 1
    assert report["files"]["content/cyanocobalamin.md"][0]["code"] == "mojibake"


def test_quiet_prints_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", str(ROOT / "content"), "-o", str(tmp_path), "--quiet"])
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_strict_fails_on_problems_and_still_writes(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", str(ROOT / "content"), "-o", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    assert "strict mode" in result.stderr
    assert (tmp_path / "kg.ttl").is_file()


def test_nothing_exported_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "empty.md").write_text("")
    result = runner.invoke(main, ["export", str(tmp_path / "src"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no monograph could be exported" in result.stderr
    assert "empty.md:1: error: file is empty" in result.stderr


def test_query_table(runner: CliRunner, exported: Path) -> None:
    q = (
        'SELECT ?route WHERE { ?d a schema:Drug ; schema:name "Cyanocobalamin" ; '
        "schema:administrationRoute ?route } ORDER BY ?route"
    )
    result = runner.invoke(main, ["query", q, "-o", str(exported)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "| route         |"
    assert [ln.strip("| ").strip() for ln in lines[3:6]] == ["intramuscular", "intravenous", "oral"]
    assert lines[-1] == "3 rows"


def test_query_from_file_as_csv_and_json(runner: CliRunner, exported: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("# routes\nSELECT (COUNT(*) AS ?n) WHERE { ?d a schema:Drug ; schema:administrationRoute ?r }\n")
    csv = runner.invoke(main, ["query", f"@{rq}", "-o", str(exported), "--format", "csv"])
    assert csv.exit_code == 0 and csv.stdout.replace("\r", "") == "n\n3\n"
    js = runner.invoke(main, ["query", f"@{rq}", "--data", str(exported / "kg.ttl"), "--format", "json"])
    assert json.loads(js.stdout)["results"]["bindings"][0]["n"]["value"] == "3"


def test_query_syntax_error_names_line_and_column(runner: CliRunner, exported: Path) -> None:
    result = runner.invoke(main, ["query", "SELECT ?x\nWHERE { ?x ?y }", "-o", str(exported)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "line 2, column" in result.stderr


def test_query_without_export(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["query", "ASK {}", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "no export found" in result.stderr


def test_store_is_reused_and_rebuilt_when_the_export_changes(runner: CliRunner, exported: Path) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Monograph }"
    assert runner.invoke(main, ["query", q, "-o", str(exported), "--format", "tsv"]).stdout.splitlines()[1] == "1"
    store = exported / ".kg-store"
    assert (store / "stamp").is_file()
    shutil.copy(ROOT / "tests" / "golden" / "refusal" / "refusal.md", exported.parent / "refusal.md")
    r = runner.invoke(
        main,
        ["export", str(ROOT / "content"), str(exported.parent / "refusal.md"), "-o", str(exported), "-f", "nq", "-q"],
    )
    assert r.exit_code == 0
    assert runner.invoke(main, ["query", q, "-o", str(exported), "--format", "tsv"]).stdout.splitlines()[1] == "2"


def test_stats(runner: CliRunner, exported: Path) -> None:
    result = runner.invoke(main, ["stats", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert "monographs: 1" in result.stdout
    assert "most frequent side effects" in result.stdout
    data = json.loads(runner.invoke(main, ["stats", "-o", str(exported), "--json"]).stdout)
    assert data["monographs_with"]["side effect"] == 1
    assert data["monographs_missing_section"]["Usage"] == 0


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"kg {name} has no help text"
        assert runner.invoke(main, [name, "--help"]).exit_code == 0
        assert f"kg {name}" in readme, f"kg {name} is not documented in README.md"
