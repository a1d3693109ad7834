"""Tests of the read stage: files and folders → Article records or ReadFailures."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.read import detect_language, read_paths, read_text
from kg.records import Article, ReadFailure

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_aa9fb3416deedb31.txt"
DATA = Path(__file__).parent / "data" / "read"
JAN_7 = dt.date(2022, 1, 7)

GERMAN = (
    "Die Außenminister der Nato haben sich am Freitag virtuell getroffen, um über die "
    "russische Truppenkonzentration an der Grenze zur Ukraine zu beraten."
)
ENGLISH = (
    "NATO foreign ministers met virtually on Friday to prepare their responses to Russia's "
    "continuing military buildup near Ukraine."
)


def read_all(*paths: str | Path, **options: object) -> list[Article | ReadFailure]:
    return list(read_paths(list(paths), **options))  # type: ignore[arg-type]


def read_one(path: str | Path, **options: object) -> Article | ReadFailure:
    results = read_all(path, **options)
    assert len(results) == 1, results
    return results[0]


def article(path: str | Path, **options: object) -> Article:
    result = read_one(path, **options)
    assert isinstance(result, Article), result
    return result


def failure(path: str | Path, **options: object) -> str:
    result = read_one(path, **options)
    assert isinstance(result, ReadFailure), result
    assert "\n" not in result.message
    return result.message


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- the seed and the formats -------------------------------------------------------------


def test_read_seed_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    seed = article("seeds/000_aa9fb3416deedb31.txt")
    has_front_matter = SEED.read_text(encoding="utf-8").startswith("---")
    assert seed.doc_id == "seeds/000_aa9fb3416deedb31.txt" or has_front_matter
    assert seed.path == "seeds/000_aa9fb3416deedb31.txt"
    assert seed.lang == "de"
    assert seed.title == "NATO verspricht gemeinsame Reaktion auf russische Aggression gegen die Ukraine"
    assert seed.text.startswith(seed.title + "\n\n")  # the title stays in the text
    assert seed.date == (JAN_7 if has_front_matter else None)
    assert seed.text.endswith("sein dortiges Informationsbüro zu schließen.")
    assert "source site" not in seed.text and "Leave a Reply" not in seed.text
    assert "Jens Stoltenberg" in seed.text
    assert len(seed.content_hash) == 64
    assert article(SEED, date=JAN_7).date == JAN_7


def test_read_seed_same_as_read_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    seed = article(SEED)
    again = read_text(
        seed.text + "\n\nsource site\n\nLeave a Reply",
        doc_id="elsewhere",
        date=seed.date,
        source=seed.source,
        title=seed.title,
        lang=seed.lang,
    )
    assert (again.text, again.content_hash) == (seed.text, seed.content_hash)


def test_read_front_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    doc = article("front_matter.md")
    assert doc.doc_id == "nato-2022-01-07"
    assert doc.path == "front_matter.md"
    assert doc.title == "Nato-Außenminister beraten über die Ukraine"
    assert doc.date == JAN_7
    assert doc.source == "https://example.org/politik/nato-ukraine"
    assert doc.lang == "de"
    assert doc.text.startswith("BRÜSSEL – Die Außenminister")
    assert doc.text.endswith("sei real.")
    assert "---" not in doc.text and "author" not in doc.text


def test_read_front_matter_values_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", f"---\nid: 0042\ntitle: |\n  Zwei\n  Zeilen\nsource:\n---\n{GERMAN}")
    doc = article(path)
    assert (doc.doc_id, doc.title, doc.source) == ("0042", "Zwei Zeilen", None)
    assert failure(write(tmp_path / "no.md", f"---\nlang: no\n---\n{GERMAN}")).endswith(
        "front matter lang 'no' — geokg reads de and en"
    )


def test_read_front_matter_without_title_uses_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"---\ndate: '2022-01-07'\n---\n\nNato berät\n\n{GERMAN}\n")
    doc = article(path)
    assert (doc.title, doc.date, doc.text) == ("Nato berät", JAN_7, f"Nato berät\n\n{GERMAN}")


def test_read_title_only_when_short_and_followed_by_blank_line(tmp_path: Path) -> None:
    assert article(write(tmp_path / "a.txt", f"Kurz\n{GERMAN}")).title is None
    assert article(write(tmp_path / "b.txt", "Lang " * 50 + f"\n\n{GERMAN}")).title is None
    assert article(write(tmp_path / "c.txt", GERMAN)).title is None
    assert article(write(tmp_path / "d.md", f"# Nato berät #\n\n{GERMAN}")).title == "Nato berät"


def test_read_html_extracts_text_and_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    doc = article("article.html")
    assert doc.doc_id == "article.html"
    assert doc.title == "Nato-Außenminister beraten über Ukraine"
    assert doc.date == JAN_7
    assert doc.source == "https://example.org/politik/nato-ukraine"
    assert doc.lang == "de"
    assert doc.text.startswith("BRÜSSEL – Die Außenminister der Nato")
    assert doc.text.endswith("Russlands beginnen.")
    for noise in ("TRACKING", "SCRIPT", "STYLE", "NAV_", "ASIDE", "FOOTER", "COOKIE", "Cookies", "<p>"):
        assert noise not in doc.text


def test_read_html_of_only_scripts_fails(tmp_path: Path) -> None:
    path = write(tmp_path / "p.html", "<html><head><script>var a = 1;</script></head><body></body></html>")
    assert failure(path).endswith(
        "no article text found in the HTML — save the full page, or the text as .txt"
    )


def test_read_jsonl_bad_line_is_reported_and_rest_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    results = read_all("corpus.jsonl")
    summary = [(r.doc_id if isinstance(r, Article) else r.path) for r in results]
    assert summary == [
        "nato-1",
        "corpus.jsonl#2",
        "corpus.jsonl:3",
        "corpus.jsonl:5",
        "corpus.jsonl:6",
        "corpus.jsonl:7",
        "corpus.jsonl:8",
        "42",
    ]
    first, second = results[0], results[1]
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.title, first.date, first.source, first.lang) == (
        "Nato-Treffen",
        JAN_7,
        "https://example.org/nato",
        "de",
    )
    assert (second.lang, second.path, second.date) == ("en", "corpus.jsonl", None)
    messages = [r.message for r in results if isinstance(r, ReadFailure)]
    assert messages[0].startswith("corpus.jsonl:3: not valid JSON")
    assert messages[1] == 'corpus.jsonl:5: no "text" string — each line needs one'
    assert messages[2] == "corpus.jsonl:6: \"date\" '07.01.2022' is not YYYY-MM-DD"
    assert messages[3].startswith("corpus.jsonl:7: not a JSON object")
    assert messages[4] == "corpus.jsonl:8: \"lang\" 'fr' — geokg reads de and en"
    last = results[-1]
    assert isinstance(last, Article) and last.source == "Example News"


def test_read_jsonl_empty_and_binary(tmp_path: Path) -> None:
    assert failure(write(tmp_path / "e.jsonl", "\n\n")).endswith("empty file — nothing to read")
    assert failure(write(tmp_path / "b.jsonl", b'{"text": "x"}\x00\x01')).endswith(
        "binary file (NUL bytes) — not an article"
    )


def test_read_jsonl_line_over_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.read.MAX_BYTES", 100)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "big.jsonl", f'{{"text": "{"x" * 300}"}}\n{{"text": "{ENGLISH[:80]}"}}\n')
    results = read_all("big.jsonl")
    assert results[0] == ReadFailure(
        "big.jsonl:1", "big.jsonl:1: line over the 50 MB limit per document; split it"
    )
    assert isinstance(results[1], Article) and results[1].doc_id == "big.jsonl#2"


def test_read_jsonl_lone_surrogate_becomes_replacement_character(tmp_path: Path) -> None:
    doc = article(write(tmp_path / "s.jsonl", '{"text": "Nato \\ud800 Treffen in Brüssel"}\n'))
    assert doc.text == "Nato \ufffd Treffen in Brüssel"


# --- paths, folders and identity ----------------------------------------------------------


def test_read_folders_recursive_in_sorted_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("b.txt", "a/z.md", "a/m/x.markdown", "A.TXT"):
        write(tmp_path / "corpus" / name, GERMAN)
    write(tmp_path / "corpus" / "c.htm", f"<html><body><article><p>{GERMAN}</p></article></body></html>")
    write(tmp_path / "corpus" / "d.jsonl", f'{{"text": "{ENGLISH}"}}\n')
    for skipped in (".hidden.txt", ".git/HEAD.txt", "a/.cache/x.txt", "b.json", "b.txt.meta", "img.png"):
        write(tmp_path / "corpus" / skipped, GERMAN)
    monkeypatch.chdir(tmp_path)
    ids = [r.doc_id for r in read_all("corpus") if isinstance(r, Article)]
    assert ids == [
        "corpus/A.TXT",
        "corpus/a/m/x.markdown",
        "corpus/a/z.md",
        "corpus/b.txt",
        "corpus/c.htm",
        "corpus/d.jsonl#1",
    ]
    assert [r.doc_id for r in read_all(tmp_path / "corpus") if isinstance(r, Article)] == ids
    assert [type(r) for r in read_all("corpus")] == [Article] * 6


def test_read_doc_id_relative_under_cwd_else_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "sub" / "a.txt", GERMAN)
    monkeypatch.chdir(tmp_path)
    assert article(path).doc_id == "sub/a.txt"
    assert article("./sub/../sub/a.txt").doc_id == "sub/a.txt"
    monkeypatch.chdir(tmp_path / "sub")
    assert article(tmp_path / "sub" / "a.txt").doc_id == "a.txt"
    monkeypatch.chdir(REPO)
    assert article(path).doc_id == path.as_posix()


def test_read_explicit_file_with_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.dat", f"Titel\n\n{GERMAN}")
    doc = article(path)
    assert (doc.title, doc.lang) == ("Titel", "de")
    assert read_all(tmp_path) == []  # but skipped inside a folder


def test_read_symlink_loop_does_not_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "corpus" / "sub" / "a.txt", GERMAN)
    (tmp_path / "corpus" / "sub" / "up").symlink_to(tmp_path / "corpus", target_is_directory=True)
    (tmp_path / "corpus" / "self.txt").symlink_to(tmp_path / "corpus" / "self.txt")
    monkeypatch.chdir(tmp_path)
    results = read_all("corpus", "corpus/sub")
    assert [r.doc_id for r in results if isinstance(r, Article)] == ["corpus/sub/a.txt"]
    assert [r.path for r in results if isinstance(r, ReadFailure)] == ["corpus/self.txt"]


def test_read_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert failure("nope/missing.txt") == "nope/missing.txt: no such file or folder"


def test_read_misuse_raises_input_error() -> None:
    with pytest.raises(InputError, match="list of paths"):
        read_paths("seeds")
    with pytest.raises(InputError, match="datetime.date"):
        read_paths(["seeds"], date="2022-01-07")  # type: ignore[arg-type]


# --- bad input ----------------------------------------------------------------------------


def test_read_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "empty.txt", b"")
    assert failure("empty.txt") == "empty.txt: empty file — nothing to read"


def test_read_whitespace_only_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "blank.md", "\ufeff \n\t\r\n   \n")
    assert failure("blank.md") == "blank.md: empty file — nothing to read"


def test_read_only_front_matter_or_boilerplate_fails(tmp_path: Path) -> None:
    assert "nothing to read" in failure(write(tmp_path / "fm.md", "---\ntitle: Nur Kopf\n---\n\n"))
    assert "nothing to read" in failure(write(tmp_path / "bp.txt", "Share this:\n\nLeave a Reply\n"))


def test_read_binary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert failure("image.txt") == "image.txt: binary file (NUL bytes) — not an article"


def test_read_nul_bytes_in_text(tmp_path: Path) -> None:
    path = write(tmp_path / "nul.txt", GERMAN.encode() + b"\x00" + GERMAN.encode())
    assert failure(path).endswith("binary file (NUL bytes) — not an article")


def test_read_control_characters_that_are_not_utf8_fail(tmp_path: Path) -> None:
    path = write(tmp_path / "junk.txt", bytes(range(1, 32)) * 20 + b"\xff\xfe")
    assert failure(path).endswith("not UTF-8 text (nor Latin-1) — save it as UTF-8")


def test_read_latin1_file_with_umlauts(tmp_path: Path) -> None:
    text = "Das Bündnis fordert größere Anstrengungen für die Sicherheit Europas – „jetzt“, sagte er."
    doc = article(write(tmp_path / "alt.txt", text.encode("cp1252")))
    assert doc.text == text and doc.lang == "de"
    plain = "Der Außenminister sprach über Straßen und Brücken in Österreich."
    assert article(write(tmp_path / "latin1.txt", plain.encode("latin-1"))).text == plain


def test_read_ten_megabyte_single_line(tmp_path: Path) -> None:
    line = (ENGLISH + " ") * (10_000_000 // (len(ENGLISH) + 1))
    doc = article(write(tmp_path / "long.txt", line))
    assert doc.text == line.rstrip()
    assert doc.lang == "en" and doc.title is None


def test_read_file_over_50_mb_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(60_000_000)  # sparse: no disk used, the size check comes before reading
    assert failure("huge.txt") == "huge.txt: 60 MB is over the 50 MB limit per document; split it"


def test_read_front_matter_bad_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "d.md", f"---\ndate: 2022-13-45\n---\n{GERMAN}")
    assert failure("d.md") == "d.md: front matter date '2022-13-45' is not YYYY-MM-DD"


def test_read_front_matter_unknown_lang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "l.txt", f"---\nlang: fr\n---\n{GERMAN}")
    assert failure("l.txt") == "l.txt: front matter lang 'fr' — geokg reads de and en"
    write(tmp_path / "at.txt", f"---\nlang: de-AT\n---\n{ENGLISH}")
    assert article("at.txt").lang == "de"


def test_read_front_matter_invalid_yaml(tmp_path: Path) -> None:
    message = failure(write(tmp_path / "y.md", f"---\ntitle: [unclosed\n---\n{GERMAN}"))
    assert "front matter is not valid YAML" in message and "fix the --- block" in message
    message = failure(write(tmp_path / "list.md", f"---\n- a\n- b\n---\n{GERMAN}"))
    assert "front matter is not 'key: value' lines" in message


# --- clean-up -----------------------------------------------------------------------------


def test_read_trailing_boilerplate_removed_middle_kept(tmp_path: Path) -> None:
    body = (
        f"{GERMAN}\n\nShare this: the minister asked to share this plan. Leave a Reply, he said.\n\n"
        "Wir verwenden Cookies, sagte niemand.\n\n"
        f"{ENGLISH}"
    )
    tail = (
        "\n\nsource site\n\nShare this:\nTwitter\nFacebook\n\nRelated posts\nTeilen:\n"
        "Kommentar schreiben\n  \nWir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.\n"
        "This website uses cookies. Accept all\nLeave a Comment\n\nLeave a Reply\n"
    )
    doc = article(write(tmp_path / "a.txt", body + tail))
    assert doc.text == body


def test_read_text_normalised(tmp_path: Path) -> None:
    raw = "\ufeffTitel\r\n\r\nCafe\u0301 in Bru\u0308ssel.\rZweite Zeile.\r\n"
    doc = article(write(tmp_path / "n.txt", raw))
    assert doc.text == "Titel\n\nCafé in Brüssel.\nZweite Zeile."
    assert doc.title == "Titel"
    assert read_text(raw, doc_id="n").text == doc.text


def test_read_text_rejects_empty_text() -> None:
    with pytest.raises(InputError, match="nothing to read"):
        read_text(" \n ", doc_id="blank")


# --- language, date, hash -----------------------------------------------------------------


def test_read_detects_german_and_english() -> None:
    assert detect_language(GERMAN) == "de"
    assert detect_language(ENGLISH) == "en"
    assert detect_language("Les ministres se sont réunis vendredi.") in ("de", "en")
    assert detect_language("12345 !!!") == "en"


def test_read_detected_language_on_files(tmp_path: Path) -> None:
    assert article(write(tmp_path / "de.txt", GERMAN)).lang == "de"
    assert article(write(tmp_path / "en.txt", ENGLISH)).lang == "en"


def test_read_date_fills_only_missing_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "undated.txt", GERMAN)
    write(tmp_path / "dated.md", f"---\ndate: 2021-12-01\n---\n{GERMAN}")
    monkeypatch.chdir(tmp_path)
    docs = {r.doc_id: r.date for r in read_all(".", date=JAN_7) if isinstance(r, Article)}
    assert docs == {"dated.md": dt.date(2021, 12, 1), "undated.txt": JAN_7}


def test_read_lang_forces(tmp_path: Path) -> None:
    write(tmp_path / "de.txt", GERMAN)
    write(tmp_path / "fm.md", f"---\nlang: de\n---\n{GERMAN}")
    assert {r.lang for r in read_all(tmp_path, lang="en") if isinstance(r, Article)} == {"en"}
    assert read_text(GERMAN, doc_id="x", lang="en").lang == "en"
    with pytest.raises(InputError, match="geokg reads de and en"):
        read_paths([tmp_path], lang="fr")


def test_read_content_hash_covers_text_and_metadata() -> None:
    base = read_text(GERMAN, doc_id="a", date=JAN_7, lang="de")
    assert (
        read_text(GERMAN, doc_id="b", path="elsewhere", date=JAN_7, lang="de").content_hash
        == base.content_hash
    )
    changed = [
        read_text(GERMAN + " Ende.", doc_id="a", date=JAN_7, lang="de"),
        read_text(GERMAN, doc_id="a", date=dt.date(2022, 1, 8), lang="de"),
        read_text(GERMAN, doc_id="a", date=JAN_7, lang="en"),
        read_text(GERMAN, doc_id="a", date=JAN_7, lang="de", title="Titel"),
        read_text(GERMAN, doc_id="a", date=JAN_7, lang="de", source="https://example.org"),
    ]
    assert len({doc.content_hash for doc in [base, *changed]}) == 6


def test_read_imports_no_models_at_import_time() -> None:
    code = "import sys, kg.read; print(sorted(m for m in ('lingua', 'trafilatura') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"


# --- arbitrary bytes ----------------------------------------------------------------------

_PREFIXES = [
    b"",
    b"---\n",
    b"---\ndate: 2022-01-07\n---\n",
    b"<html><body><p>",
    b'{"text": "',
    b"\xef\xbb\xbf",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(_PREFIXES),
    data=st.binary(max_size=3000),
    suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".bin"]),
)
def test_read_arbitrary_bytes_never_raise(
    tmp_path_factory: pytest.TempPathFactory, prefix: bytes, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"doc{suffix}"
    path.write_bytes(prefix + data)
    for result in read_paths([path]):
        assert isinstance(result, Article | ReadFailure)
        if isinstance(result, Article):
            assert result.text.strip() and result.lang in ("de", "en")
        else:
            assert result.message and "\n" not in result.message


def test_read_unreadable_file_is_a_failure(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", GERMAN)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        assert "cannot read (Permission denied)" in failure(path)
    finally:
        path.chmod(0o644)
