"""The sha256 of every output of a build directory, to show two builds are byte-identical.

    .venv/bin/python tools/build_digest.py build/ [OTHER_BUILD/]

Every file outside ``store/`` is hashed as it is. The Oxigraph store's files are not
reproducible by nature (RocksDB writes a random IDENTITY, a LOG with times, numbered
tables), so the store is hashed by its content: every quad as sorted N-Quads lines, blank
nodes canonicalised (Oxigraph gives them random ids on load), plus
the store manifest without its two run-specific keys (``load_seconds``, ``source``: the
staging path). With two directories, prints both and exits 1 when any digest differs.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

VOLATILE = ("load_seconds", "source")


def digests(out_dir: Path) -> dict[str, str]:
    """Relative path (or ``store/<what>``) → sha256 hex digest."""
    result = {
        str(path.relative_to(out_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and "store" not in path.relative_to(out_dir).parts[:1]
    }
    store = out_dir / "store"
    if store.is_dir():
        result["store/ (quads, canonical sorted N-Quads)"] = _store_quads(store)
        manifest = json.loads((store / "cica-kg-store.json").read_text("utf-8"))
        kept = {k: v for k, v in manifest.items() if k not in VOLATILE}
        result["store/cica-kg-store.json (without load_seconds, source)"] = hashlib.sha256(
            json.dumps(kept, sort_keys=True).encode()
        ).hexdigest()
    return result


def _store_quads(store: Path) -> str:
    import pyoxigraph as ox

    dataset = ox.Dataset(ox.Store.read_only(str(store)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # blank nodes: random ids
    lines = sorted(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in dataset)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def main(argv: list[str]) -> int:
    """Print the digests of one directory, or compare two (exit 1 on any difference)."""
    if len(argv) not in (1, 2):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    tables = [digests(Path(arg)) for arg in argv]
    names = sorted(set().union(*tables))
    differ = False
    for name in names:
        values = [table.get(name, "-" * 64) for table in tables]
        same = len(set(values)) == 1
        differ |= not same
        flag = "" if len(tables) == 1 else ("  same" if same else "  DIFFERENT")
        print(f"{values[0]}  {name}{flag}")
        if not same:
            print(f"{values[1]}  {name} ({argv[1]})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
