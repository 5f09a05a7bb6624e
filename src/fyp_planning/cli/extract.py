"""``fyp extract``: a draft plan folder from a county's plan document (规划文本自动抽取)."""

from __future__ import annotations

import sys

import click

from . import EXIT_OUTPUT, _echo_json, _fail, _format_option, _said, main


@main.command()
@click.argument("document", metavar="DOCUMENT")
@click.option(
    "-o",
    "--output",
    "folder",
    required=True,
    metavar="FOLDER",
    help="The draft plan folder to write: plan.toml, previous.toml (the plan the document "
    "reviews, if it does) and extract-review.md (what could not be placed).",
)
@click.option(
    "--merge",
    is_flag=True,
    help="Add to the plan folder FOLDER already holds: items a person checked (provenance "
    "no longer 'extracted') are kept as they are; items still 'extracted' are replaced.",
)
@_format_option("text", "json")
def extract(document: str, folder: str, merge: bool, fmt: str) -> None:
    """Draft plan files from a plan document (起草规划文件：从规划文本抽取指标、目标、项目).

    DOCUMENT is the plan as plain text (UTF-8 or GB18030), .docx (pip install
    "fyp-planning[docx]") or a PDF with a text layer (pip install "fyp-planning[pdf]").
    Every item written carries its location in the document (source), its sentence (quote)
    and provenance = "extracted" (自动抽取，待核) until a person checks it. Then run
    fyp show FOLDER and fyp check FOLDER.
    """
    from ..errors import ExtractError, FypError, WriteError
    from ..extract import extract_plan
    from ..text import Message

    try:
        draft = extract_plan(document)
        draft.write(folder, merge=merge)
    except WriteError as exc:
        said = exc.message
        click.echo(f"错误 error: {said if isinstance(said, str) else _said(said)}", err=True)
        sys.exit(EXIT_OUTPUT)
    except ExtractError as exc:
        if exc.text is not None and exc.text.id in ("extract.not_empty", "extract.not_a_folder"):
            click.echo(f"错误 error: {_said(exc.text)}", err=True)
            sys.exit(EXIT_OUTPUT)
        _fail(f"错误 error: {_said(exc.text) if exc.text is not None else exc}")
    except FypError as exc:
        _fail(f"错误 error: {exc}")
    counts = draft.counts()
    if fmt == "json":
        _echo_json({"folder": folder, **counts})
        return
    click.echo(_said(Message("extract.summary", **counts)))
    click.echo(f"→ {folder}")
