"""The `kg` command: a thin shell over the library; each command parses, calls, prints.

Data goes to stdout (or -o FILE), messages and progress to stderr.  A KgError becomes one
line `kg: error: …` and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from kg.errors import KgError

__all__ = ["main"]


class _Command(click.Command):
    """A command whose docstring's "Example:" block is printed last, after the options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        help_text = inspect.cleandoc(kwargs.get("help") or "")
        head, marker, example = help_text.partition("\b\nExample")
        if marker and not kwargs.get("epilog"):
            kwargs["help"] = head.rstrip()
            kwargs["epilog"] = "\b\nExample" + example
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    command_class = _Command
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as e:
            click.echo(f"kg: error: {e}", err=True)
            sys.exit(1)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.meta[f"kg.{param.name}"] = value


def store_option(fn: Any) -> Any:
    """--store, and the endpoint options for servers whose layout the URL alone does not tell."""
    for name, env, what in (("--update-endpoint", "KG_UPDATE_ENDPOINT", "SPARQL 1.1 Update"),
                            ("--query-endpoint", "KG_QUERY_ENDPOINT", "SPARQL query")):
        fn = click.option(name, metavar="URL", expose_value=False, callback=_remember,
                          help=f"With a server --store: its {what} endpoint, when the URL does not imply it "
                               f"(default: ${env}; see docs/remote.md).")(fn)
    return click.option("--store", "store", metavar="DIR|URL", default=None,
                        help="Store folder or SPARQL endpoint URL (default: $KG_STORE or ./kg-store).")(fn)


@contextmanager
def _opened(location: str | None, *, read_only: bool = False) -> Iterator[Any]:
    from kg.store import open_store

    meta = click.get_current_context().meta
    store = open_store(location, read_only=read_only, query_endpoint=meta.get("kg.query_endpoint"),
                       update_endpoint=meta.get("kg.update_endpoint"))
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _output(path: str | None) -> Iterator[IO[bytes]]:
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            yield fh
        tmp.replace(target)
    except OSError as e:
        raise KgError(f"{path}: cannot write ({e.strerror})") from None
    finally:
        tmp.unlink(missing_ok=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geokg")
def main() -> None:
    """geokg: knowledge graphs of who holds which office, who met whom, when and where.

    \b
    Example:
      kg build seeds/ && kg query office-holders
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@click.option("--date", callback=_date, metavar="YYYY-MM-DD", help="Publication date for documents that have none.")
@click.option("--lang", type=click.Choice(["de", "en"]), help="Force the language of every document.")
@click.option("--model", metavar="NAME", help="An installed spaCy pipeline whose entities add mentions.")
@click.option("--validate", is_flag=True, help="Refuse documents whose graph violates ontology/shapes.ttl.")
@click.option("--batch-size", type=click.IntRange(min=1), metavar="N",
              help="Documents per atomic write (default 64); a crash loses at most the batch being written.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def build(paths: tuple[str, ...], store: str | None, date: dt.date | None, lang: str | None,
          model: str | None, validate: bool, batch_size: int, quiet: bool) -> None:
    """Build the graph from articles: files and folders of .txt, .md, .html and .jsonl.

    \b
    Example:
      kg build seeds/ --store kg-store --date 2022-01-07
    """
    from kg.pipeline import BuildOptions
    from kg.pipeline import build as run_build

    options = BuildOptions(date=date, lang=lang, model=model, validate=validate,
                           **({"batch_size": batch_size} if batch_size else {}))
    with _opened(store) as opened, _progress(quiet) as tick:
        report = run_build(list(paths), opened, options, tick)
    for failure in report.failures:
        # read failures name their file already; others get it in front
        named = failure.message.startswith(failure.path)
        click.echo(f"kg: failed: {failure.message if named else f'{failure.path}: {failure.message}'}", err=True)
    if not quiet:
        click.echo(f"kg: {report.summary()}", err=True)
    if report.failures:
        sys.exit(1)


@contextmanager
def _progress(quiet: bool) -> Iterator[Any]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                  transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("build", total=None)
        yield lambda n: bar.advance(task, n)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise KgError(f"-p {item!r}: write parameters as NAME=VALUE")
        out[name] = value
    return out


def _query_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    # eager, so it runs before QUERY is known: it only notes the wish, and _query_name answers it
    if value and not ctx.resilient_parsing:
        ctx.meta["kg.query.help"] = True


def _query_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if ctx.meta.get("kg.query.help"):
        if value:
            from kg.queries import describe, find_query

            click.echo(f"Usage: kg query {value} [-p NAME=VALUE]... [OPTIONS]\n\n{describe(find_query(value))}\n\n"
                       "Options: --store DIR|URL, --format FORMAT, -o FILE (kg query --help)")
        else:
            click.echo(ctx.get_help())
        ctx.exit()
    if value is None and not ctx.resilient_parsing:
        raise click.MissingParameter(ctx=ctx, param=param)
    return value


@main.command(add_help_option=False)
@click.argument("query_name", metavar="QUERY", required=False, callback=_query_name)
@store_option
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld"]),
              help="table/csv/tsv/json/xml for SELECT and ASK; turtle/ntriples/jsonld for CONSTRUCT.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("-h", "--help", is_flag=True, expose_value=False, is_eager=True, callback=_query_help,
              help="Show this message; after QUERY, that query's parameters and examples.")
def query(query_name: str, store: str | None, fmt: str, params: tuple[str, ...], output: str | None) -> None:
    """Run a saved query (by name, see `kg queries`) or a .rq file.

    \b
    Example:
      kg query holders-of -p org=Q7184 -p date=2022-01-07
      kg query timeline --help
      kg query queries/meetings.rq -o meetings.json --format json
    """
    from kg.queries import find_query, run_query, write_results

    saved = find_query(query_name)
    values = _params(params)
    with _opened(store, read_only=True) as opened:
        results = run_query(opened, saved, values)
        with _output(output) as out:
            write_results(results, out, fmt)


@main.command()
@click.argument("name", required=False)
@click.option("--markdown", is_flag=True, help="Print docs/queries.md, generated from the query headers.")
def queries(name: str | None, markdown: bool) -> None:
    """List the saved queries, or show one query's parameters and examples.

    \b
    Example:
      kg queries
      kg queries holders-of
      kg queries --markdown > docs/queries.md
    """
    from kg.queries import QUERY_DIR, describe, find_query, list_queries
    from kg.queries import markdown as queries_markdown

    if markdown:
        click.echo(queries_markdown(list_queries([QUERY_DIR])), nl=False)
    elif name is None:
        for q in list_queries():
            click.echo(f"{q.name:<24} {q.title}")
    else:
        click.echo(describe(find_query(name)))


@main.command()
@store_option
@click.option("--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["turtle", "trig", "ntriples", "nquads", "jsonld"]))
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option("--document", metavar="ID", help="Only this document's graph.")
def export(store: str | None, fmt: str, output: str | None, document: str | None) -> None:
    """Export the graph (all documents and the KB, or one document).

    \b
    Example:
      kg export --format turtle --document seeds/000_aa9fb3416deedb31.txt -o seed.ttl
    """
    from kg.export import export_graph

    with _opened(store, read_only=True) as opened, _output(output) as out:
        export_graph(opened, out, fmt, document)


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
def stats(store: str | None, as_json: bool) -> None:
    """Documents, entities by class, facts by kind, triples.

    \b
    Example:
      kg stats --store kg-store
    """
    from kg.store import document_kind_counts

    with _opened(store, read_only=True) as opened:
        counts = document_kind_counts(opened)
    if as_json:
        click.echo(json.dumps(counts, sort_keys=True))
        return
    for name, n in sorted(counts.items()):
        click.echo(f"{name:<28} {n:>8}")


@main.command()
@store_option
@click.option("--document", metavar="ID", help="Only this document.")
def validate(store: str | None, document: str | None) -> None:
    """Validate document graphs against ontology/shapes.ttl; one line per violation.

    \b
    Example:
      kg validate --document seeds/000_aa9fb3416deedb31.txt
    """
    from kg.validate import format_violation, validate_store

    with _opened(store, read_only=True) as opened:
        violations = validate_store(opened, document)
    _report([format_violation(v) for v in violations], "violation(s)")


@main.command()
@click.argument("documents", nargs=-1, required=True, metavar="DOC...")
@store_option
def remove(documents: tuple[str, ...], store: str | None) -> None:
    """Remove documents (by id, or by the path given to `kg build`) and every fact they alone gave.

    \b
    Example:
      kg remove seeds/000_aa9fb3416deedb31.txt --store kg-store
    """
    from kg.maintenance import remove_documents

    with _opened(store) as opened:
        removal = remove_documents(opened, documents)
    for given in removal.missing:
        click.echo(f"kg: not found: {given}: no such document in the store — give its id or its path", err=True)
    click.echo(f"kg: removed {len(removal.removed)} document(s)", err=True)
    if removal.missing:
        sys.exit(1)


@main.command()
@store_option
@click.option("--recount", is_flag=True, help="First count the tallies again from the documents (docs/tallies.md).")
def check(store: str | None, recount: bool) -> None:
    """Check the store: whole document graphs, no orphan facts, a versioned KB, tallies that agree
    with the documents; one line per problem.

    \b
    Examples:
      kg check --store kg-store
      kg check --recount        # after a tally problem: counts every document again
    """
    from kg.maintenance import check_store

    if recount:
        from kg.tally_merge import rebuild

        with _opened(store) as opened:
            keys = rebuild(opened)
        click.echo(f"kg: tallies counted again from the documents: {keys:,} keys", err=True)
    with _opened(store, read_only=True) as opened:
        problems = check_store(opened)
    _report([str(p) for p in problems], "problem(s)")


def _report(lines: list[str], noun: str) -> None:
    """One line per finding on stdout, the count on stderr, exit 1 when there is any."""
    for line in lines:
        click.echo(line)
    click.echo(f"kg: {len(lines)} {noun}", err=True)
    if lines:
        sys.exit(1)


@main.group()
def kb() -> None:
    """The knowledge base: bundled offline, or refreshed from Wikidata."""


@kb.command("info")
@store_option
def kb_info_command(store: str | None) -> None:
    """Sources, version and counts of the knowledge base a build uses.

    \b
    Example:
      kg kb info
    """
    from kg.kb import bundled_kb, kb_info
    from kg.store import is_server, store_location

    where = store_location(store)
    if not is_server(where) and not Path(where).exists():
        rows = kb_info(bundled_kb())
    else:
        from kg.kbstore import resolve_kb

        with _opened(store) as opened:
            rows = kb_info(resolve_kb(opened))
    for name, value in rows:
        click.echo(f"{name:<24} {value}")


def _retry(retries: int) -> Any:
    from kg.sparql_http import RetryPolicy

    return RetryPolicy(attempts=retries + 1)


def _say(quiet: bool) -> Any:
    return None if quiet else (lambda message: click.echo(f"kg: {message}", err=True))


endpoint_option = click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True,
                               metavar="URL", help="SPARQL endpoint with Wikidata's data (a local mirror works).")
retries_option = click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10),
                              help="Tries again after HTTP 429 or 5xx, waiting as the server asks (or 2, 4, 8 s).")


@kb.command("update")
@endpoint_option
@click.option("--languages", default="de,en", show_default=True, metavar="LANGS",
              help="Label and alias languages: de, en or de,en.")
@retries_option
@store_option
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def kb_update_command(endpoint: str, languages: str, retries: int, store: str | None, quiet: bool) -> None:
    """Refresh the store's knowledge base from Wikidata, merged onto the bundled one.

    The new KB is fetched and checked in memory, then replaces the old one in one update;
    if anything fails the old one stays. Later builds use it; `kg kb reset` goes back.

    \b
    Example:
      kg kb update --store kg-store
      kg kb update --endpoint http://127.0.0.1:7878/query --languages de
    """
    from kg.wikidata import parse_languages, update_kb

    langs = parse_languages(languages)
    with _opened(store) as opened:
        new = update_kb(opened, endpoint, langs, retry=_retry(retries), progress=_say(quiet))
        where = opened.location
    counts = new.counts()
    click.echo(f"kg: knowledge base {new.version} written to {where}: {len(new.entities)} entities, "
               f"{counts['holdings']} holdings", err=True)


@kb.command("reset")
@store_option
def kb_reset_command(store: str | None) -> None:
    """Put the bundled knowledge base back into the store, replacing one from `kg kb update`.

    \b
    Example:
      kg kb reset --store kg-store
    """
    from kg.kbstore import reset_kb

    with _opened(store) as opened:
        bundled = reset_kb(opened)
        where = opened.location
    click.echo(f"kg: bundled knowledge base {bundled.version} restored in {where}", err=True)


@main.command("link")
@click.option("--online", is_flag=True, help="Look NIL entities up on the endpoint (required: offline linking "
                                             "happens in kg build).")
@endpoint_option
@retries_option
@store_option
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def link_command(online: bool, endpoint: str, retries: int, store: str | None, quiet: bool) -> None:
    """Link NIL entities that exactly one type-compatible Wikidata item names; prints what it linked.

    \b
    Example:
      kg link --online --store kg-store
    """
    if not online:
        raise click.UsageError("kg link needs --online (offline linking happens in kg build)")
    from kg.wikidata import link_online

    with _opened(store) as opened:
        report = link_online(opened, endpoint, retry=_retry(retries), progress=_say(quiet))
    for found in report.linked:
        click.echo(f"{found.label}\t{found.kind}\t{found.qid}\t{found.documents}")
    click.echo(f"kg: {report.summary()}", err=True)


@main.command("eval")
@click.argument("golds", metavar="GOLD...", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "geokg", "nif", "conll", "hipe"]), help="Gold format (auto: by file).")
@click.option("--doc", "document", metavar="PATH", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The document of a geokg gold file (default: its document.file, next to it or in seeds/).")
@click.option("--by-type", is_flag=True, help="Also P/R/F1 per PER, ORG and LOC.")
@click.option("--errors", "n_errors", default=0, metavar="N", type=click.IntRange(min=0),
              help="List the N most frequent misses and false positives with their sentences.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of lines.")
@click.option("--write-nif", metavar="OUT.ttl", help="Write geokg's mentions of the gold documents as NIF.")
@click.option("--store", "store", metavar="DIR|URL", default=None,
              help="Keep the built graphs in this store (default: an in-memory store, nothing on disk).")
@click.option("--limit", default=None, metavar="N", type=click.IntRange(min=1), help="Only the first N documents.")
def eval_command(golds: tuple[str, ...], fmt: str, document: Path | None, by_type: bool, n_errors: int,
                 as_json: bool, write_nif: str | None, store: str | None, limit: int | None) -> None:
    """Score extraction and linking against gold data: geokg JSON, NIF (N3), GermEval, HIPE.

    \b
    Example:
      kg eval ../shared/gold/000_aa9fb3416deedb31.json
      kg eval ../shared/benchmarks/n3-news100/News-100.ttl --errors 10
    """
    from contextlib import nullcontext

    from kg.evaluate.report import as_json as runs_json
    from kg.evaluate.report import report_lines, write_runs_nif
    from kg.evaluate.run import EvalOptions, evaluate

    options = EvalOptions(fmt=fmt, limit=limit, errors=n_errors, document=document)  # type: ignore[arg-type]
    runs = []
    with (_opened(store) if store else nullcontext(None)) as opened, _progress(False) as tick:
        for run in evaluate(list(golds), options, opened, tick):
            runs.append(run)
            if not as_json:
                click.echo("\n".join(report_lines(run, by_type)))
            click.echo(f"kg: {run.gold} scored in {run.seconds:.1f} s", err=True)
    if as_json:
        click.echo(json.dumps(runs_json(runs), ensure_ascii=False))
    if write_nif:
        n = write_runs_nif(runs, write_nif)
        click.echo(f"kg: wrote {n} documents' mentions to {write_nif}", err=True)
