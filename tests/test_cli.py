"""The CLI: every command documented and exemplified, errors in one line, exit codes."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED

from kg.cli import main


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, full + " "))
    return out


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(main, ["build", str(SEED), "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    return store


def test_cli_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in _commands(main):
        if not isinstance(command, click.Group):
            assert f"`kg {name}`" in readme, f"kg {name} is not documented in README.md"


def test_cli_every_help_ends_with_an_example(runner):
    for name, command in _commands(main):
        if isinstance(command, click.Group) and name:
            continue
        result = runner.invoke(main, [*name.split(), "--help"])
        assert result.exit_code == 0, name
        tail = result.output.strip().splitlines()[-6:]
        assert any(line.strip().startswith("kg ") for line in tail), f"kg {name} --help has no example"


def test_cli_build_missing_path_fails_in_one_line(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s"), "-q"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "nope.txt" in line]
    assert len(lines) == 1 and "no such file" in lines[0]


def test_cli_build_empty_and_binary_files(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff\x00\xfe" * 100)
    result = runner.invoke(main, ["build", str(tmp_path / "empty.txt"), str(tmp_path / "bin.txt"),
                                  "--store", str(tmp_path / "s"), "-q"])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert "bin.txt: binary file" in result.output


def test_cli_query_unknown_saved_query(runner, built):
    result = runner.invoke(main, ["query", "no-such-query", "--store", str(built)])
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: no-such-query: no saved query of that name")
    assert len(result.output.strip().splitlines()) == 1


def test_cli_query_malformed_sparql_names_file_line_column(runner, built, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE {\n  ?x ?p \n}\n")
    result = runner.invoke(main, ["query", str(bad), "--store", str(built)])
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.output and "malformed SPARQL" in result.output


def test_cli_query_json_is_w3c_results(runner, built):
    result = runner.invoke(main, ["query", "memberships", "--store", str(built), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    pairs = {(b["memberWikidata"]["value"][-3:], b["orgWikidata"]["value"]) for b in data["results"]["bindings"]}
    assert ("Q16", "http://www.wikidata.org/entity/Q7184") in pairs  # Canada in NATO


def test_cli_stats_counts(runner, built):
    result = runner.invoke(main, ["stats", "--store", str(built), "--json"])
    counts = json.loads(result.output)
    assert counts["Document"] == 1 and counts["OfficeHolding"] == 5 and counts["Membership"] == 4


def test_cli_export_one_document_as_turtle(runner, built, tmp_path):
    out = tmp_path / "seed.ttl"
    result = runner.invoke(main, ["export", "--store", str(built), "--format", "turtle",
                                  "--document", "000_aa9fb3416deedb31", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "@prefix kg:" in text and "entity:Q57665" in text


def test_cli_export_unknown_document(runner, built):
    result = runner.invoke(main, ["export", "--store", str(built), "--document", "nope"])
    assert result.exit_code == 1 and "nope: no such document" in result.output


def test_cli_query_on_missing_store(runner, tmp_path):
    result = runner.invoke(main, ["query", "entities", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "run `kg build" in result.output


def test_cli_validate_seed_conforms(runner, built):
    result = runner.invoke(main, ["validate", "--store", str(built)])
    assert result.exit_code == 0, result.output
