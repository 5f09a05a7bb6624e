#!/usr/bin/env python3
"""Look at the report and the docs as a person would: in headless Chromium, printed to A4.

Builds the Dongkou report (``fyp report dongkou`` with the docs' sample observations,
``docs/examples/dongkou-observations-2021-2023.csv``, 示例数据（虚构）) and the HTML docs, prints
each page asked for to an A4 PDF and every PDF page to a PNG, counts the code blocks and tables
that overflow their column, and lists what it wrote::

    python scripts/render_check.py                      # the report and the default doc pages
    python scripts/render_check.py --pages index cli zh/quickstart
    python scripts/render_check.py --no-docs            # the report only
    python scripts/render_check.py --screenshots        # also refresh docs/_static/screenshots/

Needs Debian's ``chromium`` (or ``--chromium PATH``, or ``$CHROMIUM``) and poppler's
``pdftoppm``; Chinese text needs a CJK font (e.g. the ``noto-cjk-sans-otc`` wheel's font copied
to ``~/.fonts``). Without Chromium it stops at once with exit status 2 and says so. The test
suite does not run it; the docs build does not need it (the screenshots are checked in).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OBSERVATIONS = DOCS / "examples" / "dongkou-observations-2021-2023.csv"
SCREENSHOTS = DOCS / "_static" / "screenshots"
#: The pages printed by default: the front page, the pages with most code and tables.
DEFAULT_PAGES = ("index", "dongkou", "cli", "getting-started", "zh/quickstart", "api/index")
#: The screenshots the docs show (docs/index.md, the Dongkou page), at most this size each.
MAX_SCREENSHOT = 200_000
#: A4 at 96 px per inch: the width a printed page lays out at.
A4_WIDTH = 794
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Run inside each page: which code blocks and tables are wider than their column.
_MEASURE = """
<script>
(function () {
  function measure() {
    var wide = function (el) { return el.scrollWidth > el.clientWidth + 1; };
    var pre = Array.prototype.filter.call(document.querySelectorAll("pre"), wide);
    var tables = Array.prototype.filter.call(
      document.querySelectorAll(".table-wrapper, table"), wide);
    var out = {
      pre: document.querySelectorAll("pre").length, pre_overflow: pre.length,
      tables: document.querySelectorAll("table").length, table_overflow: tables.length,
      page_overflow: document.documentElement.scrollWidth > window.innerWidth,
      first: pre.slice(0, 3).map(function (el) { return el.textContent.split("\\n")[0]; })
    };
    document.documentElement.setAttribute("data-render-check", JSON.stringify(out));
  }
  measure();
  window.addEventListener("load", measure);
})();
</script>
"""


def find_chromium(given: str | None) -> str | None:
    """The Chromium to run: ``--chromium``, else ``$CHROMIUM``, else the first on ``PATH``."""
    for name in (given, os.environ.get("CHROMIUM"), *CHROMIUM_NAMES):
        if name and (found := shutil.which(name)):
            return found
    return None


def chromium(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once (no sandbox, no GPU: it runs in containers and CI)."""
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def print_pdf(browser: str, page: Path, pdf: Path) -> None:
    """Print ``page`` to ``pdf`` as Chromium prints (A4 is the page's @page size, else Letter)."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    chromium(
        browser,
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        "--virtual-time-budget=5000",
        page.as_uri(),
    )
    if not pdf.is_file():
        raise SystemExit(f"render_check: Chromium printed nothing for {page}")


def to_png(pdf: Path, stem: Path, dpi: int, first: int | None = None) -> list[Path]:
    """Each page of ``pdf`` as ``STEM-N.png`` (only page ``first`` when given)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    for old in stem.parent.glob(f"{stem.name}-*.png"):
        old.unlink()
    pages = ["-f", str(first), "-l", str(first)] if first else []
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", *pages, str(pdf), str(stem)], check=True)
    found = stem.parent.glob(f"{stem.name}-*.png")
    return sorted(found, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def measure(browser: str, page: Path, width: int) -> dict[str, object]:
    """Overflowing code blocks and tables of ``page`` laid out ``width`` pixels wide."""
    text = page.read_text(encoding="utf-8")
    probe = page.with_name(f".render-check-{page.name}")
    probe.write_text(text.replace("</body>", _MEASURE + "</body>", 1), encoding="utf-8")
    try:
        dom = chromium(
            browser,
            f"--window-size={width},1200",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ).stdout
    finally:
        probe.unlink()
    found = re.search(r'data-render-check="([^"]*)"', dom)
    if found is None:
        return {"error": "the page did not run the measuring script"}
    result: dict[str, object] = json.loads(html.unescape(found[1]))
    return result


def build_report(out: Path) -> Path:
    """``fyp report dongkou --observations <the docs' sample> -o OUT/report/dongkou.html``."""
    target = out / "report" / "dongkou.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    run = "import sys; from fyp_planning.cli import main; sys.exit(main())"
    args = ["report", "dongkou", "--observations", str(OBSERVATIONS), "-o", str(target)]
    subprocess.run([sys.executable, "-c", run, *args], check=True, cwd=ROOT)
    return target


def build_docs(out: Path) -> Path:
    """The HTML docs (``sphinx-build -b html docs OUT/html``), warnings as in CI."""
    html_dir = out / "html"
    subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-q", "-n", "-W", "--keep-going", "-b", "html"),
            *("-d", str(out / "doctrees"), str(DOCS), str(html_dir)),
        ],
        check=True,
        cwd=ROOT,
    )
    return html_dir


def chain_svg(chain: str) -> str:
    """The Dongkou chain ``chain`` drawn as the report draws it (``fp.chain_to_svg``)."""
    import fyp_planning as fp

    svg = fp.chain_to_svg(fp.load("dongkou"), chain)
    return svg[svg.index("<svg") :]


def screenshot_svg(browser: str, svg: str, png: Path, work: Path) -> None:
    """A PNG of one drawing, at its own size, on white."""
    size = re.search(r'<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"', svg)
    width, height = (int(size[1]), int(size[2])) if size else (1200, 800)
    page = work / f"{png.stem}.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8">'
        "<style>html,body{margin:0;background:#fff}</style>"
        f"<body>{svg}</body></html>",
        encoding="utf-8",
    )
    png.parent.mkdir(parents=True, exist_ok=True)
    chromium(browser, f"--window-size={width},{height}", f"--screenshot={png}", page.as_uri())
    if not png.is_file():
        raise SystemExit(f"render_check: Chromium took no screenshot of {page}")


def screenshots(browser: str, report_pdf: Path, chain: str, work: Path) -> list[Path]:
    """Refresh docs/_static/screenshots/: the report's first page and one chain map."""
    written = []
    first = SCREENSHOTS / "report-first-page.png"
    for dpi in (80, 70, 60, 50):  # the sharpest that is small enough to check in
        (png,) = to_png(report_pdf, work / "shot", dpi, first=1)
        if png.stat().st_size <= MAX_SCREENSHOT:
            break
    first.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, first)
    written.append(first)
    mapped = SCREENSHOTS / f"chain-map-{chain}.png"
    screenshot_svg(browser, chain_svg(chain), mapped, work)
    written.append(mapped)
    for path in written:
        if path.stat().st_size > MAX_SCREENSHOT:
            print(f"render_check: {path} is {path.stat().st_size} bytes (> {MAX_SCREENSHOT})")
    return written


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="render_check.py",
        description=(
            "Build the Dongkou report and the HTML docs, print them to A4 PDFs and PNGs in "
            "headless Chromium, count overflowing blocks, and list what was written."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "build" / "render-check",
        help="folder for everything written (default: build/render-check)",
    )
    parser.add_argument(
        "--pages",
        nargs="*",
        default=list(DEFAULT_PAGES),
        metavar="PAGE",
        help="doc pages to print, by name without .html (default: %(default)s)",
    )
    parser.add_argument(
        "--html", type=Path, metavar="DIR", help="print these built docs instead of building them"
    )
    parser.add_argument("--no-docs", action="store_true", help="the report only")
    parser.add_argument("--no-report", action="store_true", help="the docs only")
    parser.add_argument(
        "--screenshots",
        action="store_true",
        help="also refresh docs/_static/screenshots/ (the report's first page, a chain map)",
    )
    parser.add_argument(
        "--chain", default="food", help="the Dongkou chain of the map screenshot (default: food)"
    )
    parser.add_argument("--dpi", type=int, default=60, help="PNG resolution (default: 60)")
    parser.add_argument(
        "--width",
        type=int,
        default=A4_WIDTH,
        help=f"layout width for counting overflow, in px (default: {A4_WIDTH}, A4)",
    )
    parser.add_argument("--chromium", help="the Chromium program (default: $CHROMIUM or PATH)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    browser = find_chromium(args.chromium)
    if browser is None:
        print(
            "render_check: Chromium not found (tried "
            + ", ".join(filter(None, (args.chromium, "$CHROMIUM", *CHROMIUM_NAMES)))
            + "). Install it (Debian: apt-get install chromium) or name it with --chromium "
            "PATH or $CHROMIUM.",
            file=sys.stderr,
        )
        return 2
    if shutil.which("pdftoppm") is None:
        print("render_check: pdftoppm not found (Debian: apt-get install poppler-utils)")
        return 2
    if (
        shutil.which("fc-list")
        and not subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, check=False
        ).stdout.strip()
    ):
        print(
            "render_check: no Chinese font found (fc-list :lang=zh): Chinese text will show as "
            "boxes. Install one, e.g. apt-get install fonts-noto-cjk, or copy the font of the "
            "noto-cjk-sans-otc wheel to ~/.fonts/.",
            file=sys.stderr,
        )
    out: Path = args.out.resolve()
    pngs, pdfs = out / "png", out / "pdf"
    rows: list[tuple[str, Path, list[Path], dict[str, object] | None]] = []
    report_pdf = None
    if not args.no_report or args.screenshots:
        report = build_report(out)
        report_pdf = pdfs / "report-dongkou.pdf"
        print_pdf(browser, report, report_pdf)
        images = to_png(report_pdf, pngs / "report-dongkou", args.dpi)
        rows.append(("report dongkou", report_pdf, images, None))
    shots: list[Path] = []
    if args.screenshots and report_pdf is not None:  # before the docs, which show them
        with tempfile.TemporaryDirectory() as work:
            shots = screenshots(browser, report_pdf, args.chain, Path(work))
    if not args.no_docs:
        html_dir = args.html.resolve() if args.html else build_docs(out)
        for name in args.pages:
            page = html_dir / f"{name}.html"
            if not page.is_file():
                print(f"render_check: no page {name!r} in {html_dir}", file=sys.stderr)
                return 2
            slug = name.replace("/", "-")
            pdf = pdfs / f"docs-{slug}.pdf"
            print_pdf(browser, page, pdf)
            images = to_png(pdf, pngs / f"docs-{slug}", args.dpi)
            rows.append((f"docs {name}", pdf, images, measure(browser, page, args.width)))
    print(f"Written under {out} (overflow counted {args.width} px wide):")
    for what, pdf, images, found in rows:
        print(f"  {what}: {pdf.relative_to(out)}, {len(images)} A4 pages -> {pngs.name}/")
        if found is not None:
            print(
                f"    code blocks {found.get('pre')} ({found.get('pre_overflow')} overflow), "
                f"tables {found.get('tables')} ({found.get('table_overflow')} overflow), "
                f"page wider than window: {found.get('page_overflow')}"
            )
            for line in found.get("first") or []:  # type: ignore[attr-defined]
                print(f"      overflows: {line[:70]}")
    for shot in shots:
        print(f"  screenshot: {shot.relative_to(ROOT)} ({shot.stat().st_size // 1000} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
