"""Draw the entity graph as a PNG with matplotlib (Agg), labels in English or Chinese.

Chinese labels need a CJK font: the one shipped by the ``noto-cjk-sans-otc`` wheel
(Noto Sans CJK, decision 0060), else any installed font ``fc-list :lang=zh`` reports.
Matplotlib is imported here only, so the rest of the package never pays for it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx

from cica_kg.analytics.graph import label
from cica_kg.errors import UsageError
from cica_kg.kinds import Kind

# kind → (legend group, colour): related classes share a colour
_GROUPS: dict[str, tuple[str, str]] = {
    Kind.INTERNATIONAL_ORGANIZATION: ("organization", "#1f77b4"),
    Kind.FORMAL_ORGANIZATION: ("organization", "#1f77b4"),
    Kind.BODY: ("organization", "#1f77b4"),
    Kind.STATE: ("state / place", "#2ca02c"),
    Kind.CITY: ("state / place", "#2ca02c"),
    Kind.CONTINENT: ("state / place", "#2ca02c"),
    Kind.PERSON: ("person / post", "#d62728"),
    Kind.POST: ("person / post", "#d62728"),
    Kind.ROLE: ("person / post", "#d62728"),
    Kind.SUMMIT: ("event", "#ff7f0e"),
    Kind.SESSION: ("event", "#ff7f0e"),
    Kind.PROPOSAL: ("event", "#ff7f0e"),
    Kind.PRESIDENCY_TERM: ("event", "#ff7f0e"),
    Kind.EVENT: ("event", "#ff7f0e"),
    Kind.MEMBER_COUNT: ("event", "#ff7f0e"),
}
_OTHER = ("concept / document", "#9467bd")
_LATIN_FONT = "DejaVu Sans"


def cjk_font_family() -> str | None:
    """The family name of a CJK font matplotlib can use, registering it if needed."""
    from matplotlib import font_manager

    try:
        import noto_cjk_sans_otc  # type: ignore[import-untyped,import-not-found,unused-ignore]

        font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
        return "Noto Sans CJK SC"
    except (ImportError, OSError, RuntimeError):
        pass
    for path in _fc_list_zh():
        try:
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError):
            continue
    return None


def _fc_list_zh() -> list[str]:
    """Font files fontconfig says cover Chinese (empty when fontconfig is absent)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    run = subprocess.run(
        [fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=False, timeout=30
    )
    return sorted(line.split(":", 1)[0].strip() for line in run.stdout.splitlines() if line)


def draw_png(graph: nx.MultiDiGraph, path: str | Path, *, lang: str = "en") -> Path:
    """Write a picture of ``graph`` to ``path`` (PNG), nodes labelled in ``lang``.

    Raises:
        UsageError: ``lang`` is not ``en`` or ``zh``, or no CJK font is found for ``zh``.
        OutputError: the file cannot be written.
    """
    if lang not in ("en", "zh"):
        raise UsageError(f"unknown label language {lang!r}; use en or zh")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    families = [_LATIN_FONT]
    cjk = cjk_font_family()
    if cjk:
        families.append(cjk)
    elif lang == "zh":
        raise UsageError("no CJK font found for Chinese labels; pip install noto-cjk-sans-otc")
    with matplotlib.rc_context({"font.family": families, "svg.hashsalt": "cica-kg"}):
        figure = _figure(graph, lang, plt)
        try:
            return _save(figure, Path(path))
        finally:
            plt.close(figure)


def _figure(graph: nx.MultiDiGraph, lang: str, plt: Any) -> Any:
    """The matplotlib figure: ARF layout (evenly spread, decision 0060), coloured nodes, labels."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    n = max(simple.number_of_nodes(), 1)
    side = min(8.0 + n * 0.12, 30.0)
    figure, axes = plt.subplots(figsize=(side * 1.3, side), dpi=110)
    positions = nx.arf_layout(simple, seed=7, a=4) if n > 2 else nx.circular_layout(simple)
    nx.draw_networkx_edges(simple, positions, ax=axes, edge_color="#b0b0b0", width=0.8)
    colours = [_GROUPS.get(graph.nodes[v].get("kind", ""), _OTHER)[1] for v in simple.nodes]
    sizes = [60 + 25 * simple.degree(v) for v in simple.nodes]
    nx.draw_networkx_nodes(simple, positions, ax=axes, node_color=colours, node_size=sizes)
    for node, (x, y) in positions.items():
        axes.annotate(
            _wrap(label(graph, node, lang)),
            (x, y),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    _legend(axes, graph)
    axes.set_axis_off()
    axes.margins(0.08)
    figure.tight_layout()
    return figure


def _wrap(text: str, width: int = 22) -> str:
    """Break a long English label on spaces so it stays narrow (Chinese is short)."""
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def _legend(axes: Any, graph: nx.MultiDiGraph) -> None:
    from matplotlib.lines import Line2D

    present = {_GROUPS.get(data.get("kind", ""), _OTHER) for _, data in graph.nodes(data=True)}
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=name, markersize=9)
        for name, colour in sorted(present)
    ]
    axes.legend(handles=handles, loc="lower left", frameon=False, fontsize=9)


def _save(figure: Any, path: Path) -> Path:
    """Render to memory, then write atomically (temp file in the target directory + rename)."""
    from cica_kg.files import write_atomic

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    write_atomic(path, buffer.getvalue())
    return path
