"""Precision per frame from a reviewed judgments file, and the facts nobody has judged yet.

Usage (from the repository root)::

    .venv/bin/python tools/precision.py                       # the judgments alone
    .venv/bin/python tools/precision.py LISTING.csv ...       # against `cica-kg facts` listings
    .venv/bin/python tools/precision.py --build ARTICLE ...   # build each article first

The judgments file (default ``docs/review/judgments-74a1424.csv``) has one row per reviewed
fact: ``article,subject,predicate,object,frame/extractor,confidence,verdict,reason,quote`` with
a verdict of ``correct``, ``wrong`` or ``unclear``. A fact is keyed by its article and its
subject, predicate and object labels, exactly as ``cica-kg facts --format csv`` prints them.

Given listings (the CSV of ``cica-kg facts --format csv``, one file per build, or
``--build``, which runs ``cica-kg build ARTICLE`` and ``cica-kg facts`` per article in a
temporary directory), the tool reports on the facts extracted *now*:

* precision per extractor over the current facts that have a judgment (a fact listed with two
  extractors counts for both; the extractors are taken from the listing, so a fact that moved
  to another rule is credited to the new rule);
* how many judged facts are no longer extracted (fixed or lost);
* every current fact without a judgment, so the next reviewer judges only the delta.

Without listings it reports precision over the judgments file as written. Rows with
``rdfs:label``, ``skos:altLabel`` or ``rdf:type`` are not judged and are ignored. Precision is
correct / (correct + wrong); ``unclear`` is counted apart. Output is sorted, so two runs on the
same inputs print the same text. Exit code 0, or 2 on a bad input.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_JUDGMENTS = Path("docs/review/judgments-74a1424.csv")
UNJUDGED_PREDICATES = frozenset({"rdfs:label", "skos:altLabel", "rdf:type"})
VERDICTS = ("correct", "wrong", "unclear")

Key = tuple[str, str, str, str]  # article, subject, predicate, object


@dataclass(frozen=True)
class Fact:
    """One listed fact of one article."""

    article: str
    subject: str
    predicate: str
    object: str
    extractors: tuple[str, ...]
    quote: str

    @property
    def key(self) -> Key:
        return (self.article, self.subject, self.predicate, self.object)


@dataclass
class Tally:
    """Verdict counts of one group of facts."""

    correct: int = 0
    wrong: int = 0
    unclear: int = 0

    def add(self, verdict: str) -> None:
        setattr(self, verdict, getattr(self, verdict) + 1)

    @property
    def total(self) -> int:
        return self.correct + self.wrong + self.unclear

    def precision(self) -> str:
        judged = self.correct + self.wrong
        return f"{100 * self.correct / judged:.1f} %" if judged else "n/a"


def frame_of(extractor: str) -> str:
    """The frame an extractor implements, without its language: en-frame-held -> held."""
    language, _, rest = extractor.partition("-")
    if language not in ("en", "zh") or not rest:
        return extractor
    return rest.removeprefix("frame-")


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(sorted(part.strip() for part in cell.split(",") if part.strip()))


def read_judgments(path: Path) -> dict[Key, tuple[str, tuple[str, ...]]]:
    """Verdict and extractors of each judged fact, by key."""
    judged: dict[Key, tuple[str, tuple[str, ...]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            verdict = row["verdict"].strip()
            if verdict not in VERDICTS:
                raise ValueError(f"{path}:{line}: verdict {verdict!r} is not one of {VERDICTS}")
            key = (row["article"], row["subject"], row["predicate"], row["object"])
            judged[key] = (verdict, split_list(row["frame/extractor"]))
    return judged


def read_listing(path: Path) -> list[Fact]:
    """The judgeable facts of a ``cica-kg facts --format csv`` listing, once per source."""
    facts: list[Fact] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["predicate"] in UNJUDGED_PREDICATES:
                continue
            for article in split_list(row["sources"]):
                facts.append(
                    Fact(
                        article,
                        row["subject"],
                        row["predicate"],
                        row["object"],
                        split_list(row["extractors"]),
                        row["quote"],
                    )
                )
    return facts


def build_listing(article: Path, workdir: Path) -> Path:
    """Build one article with the ``cica-kg`` command and write its facts listing."""
    command = shutil.which("cica-kg") or str(Path(sys.executable).with_name("cica-kg"))
    out = workdir / article.stem
    # the build exits 1 when the graph does not conform to the shapes; the facts are written
    subprocess.run(
        [command, "build", str(article), "--out", str(out)], check=False, capture_output=True
    )
    listing = workdir / f"{article.stem}.csv"
    with listing.open("w", encoding="utf-8") as handle:
        subprocess.run(
            [command, "facts", "--out", str(out), "--format", "csv"], check=True, stdout=handle
        )
    return listing


def table(title: str, groups: dict[str, Tally]) -> list[str]:
    lines = [
        f"## {title}",
        "",
        "| | facts | correct | wrong | unclear | precision |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = Tally()
    for name in sorted(groups):
        tally = groups[name]
        lines.append(
            f"| {name} | {tally.total} | {tally.correct} | {tally.wrong} "
            f"| {tally.unclear} | {tally.precision()} |"
        )
        total.correct += tally.correct
        total.wrong += tally.wrong
        total.unclear += tally.unclear
    if not title.startswith("Per article"):
        lines.append("")
        lines.append("(a fact listed with several extractors counts once for each)")
    else:
        lines.append(
            f"| **all** | {total.total} | {total.correct} | {total.wrong} "
            f"| {total.unclear} | {total.precision()} |"
        )
    return [*lines, ""]


def report(judged: dict[Key, tuple[str, tuple[str, ...]]], facts: Sequence[Fact] | None) -> str:
    per_extractor: dict[str, Tally] = defaultdict(Tally)
    per_frame: dict[str, Tally] = defaultdict(Tally)
    per_article: dict[str, Tally] = defaultdict(Tally)
    unjudged: list[Fact] = []
    if facts is None:
        items: Iterable[tuple[Key, str, tuple[str, ...]]] = (
            (key, verdict, extractors) for key, (verdict, extractors) in judged.items()
        )
    else:
        current: dict[Key, Fact] = {}
        for fact in facts:
            current.setdefault(fact.key, fact)
        unjudged = sorted((f for k, f in current.items() if k not in judged), key=lambda f: f.key)
        items = (
            (key, judged[key][0], fact.extractors) for key, fact in current.items() if key in judged
        )
    for key, verdict, extractors in items:
        per_article[key[0]].add(verdict)
        for extractor in extractors:
            per_extractor[extractor].add(verdict)
        for frame in sorted({frame_of(extractor) for extractor in extractors}):
            per_frame[frame].add(verdict)
    lines = (
        table("Per article", per_article)
        + table("Per frame (both languages)", per_frame)
        + table("Per extractor", per_extractor)
    )
    if facts is not None:
        articles = {fact.article for fact in facts}
        listed = {fact.key for fact in facts}
        gone = sorted(key for key in judged if key[0] in articles and key not in listed)
        lines.append(f"## Judged facts no longer extracted: {len(gone)}")
        lines.extend(f"- {judged[key][0]}: {' | '.join(key)}" for key in gone)
        lines.append("")
        lines.append(f"## Facts not yet judged: {len(unjudged)}")
        lines.extend(
            f'- {" | ".join(f.key)} [{",".join(f.extractors)}] "{f.quote}"' for f in unjudged
        )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "listings",
        nargs="*",
        type=Path,
        help="CSV listings written by `cica-kg facts --format csv`",
    )
    parser.add_argument(
        "--judgments",
        type=Path,
        default=DEFAULT_JUDGMENTS,
        help=f"reviewed judgments CSV (default {DEFAULT_JUDGMENTS})",
    )
    parser.add_argument(
        "--build",
        nargs="+",
        type=Path,
        default=[],
        metavar="ARTICLE",
        help="build each article on its own with `cica-kg build` and list it",
    )
    args = parser.parse_args(argv)
    try:
        judged = read_judgments(args.judgments)
        listings: list[Path] = list(args.listings)
        with tempfile.TemporaryDirectory(prefix="precision-") as tmp:
            listings.extend(build_listing(article, Path(tmp)) for article in args.build)
            facts = [fact for path in listings for fact in read_listing(path)] if listings else None
            print(report(judged, facts))
    except (OSError, KeyError, ValueError, subprocess.CalledProcessError) as error:
        print(f"precision.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
