"""A progress bar for long work on a terminal: counts, rate and time left (decision 0112).

Drawn by ``tqdm`` (already installed with spaCy) on standard error, and only when it is a
terminal: piped or redirected, a build writes no bar at all.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tqdm import tqdm


class Bar:
    """A bar that opens on the first count and closes when the count reaches the total.

    ``Bar(stream)(done, total)`` draws ``extract  37%|███▋      | 370/1000 [00:09<00:15,
    41.2 articles/s]``; it draws nothing if ``stream`` is not a terminal.
    """

    def __init__(self, stream: IO[str], *, label: str = "extract", unit: str = "article") -> None:
        self._stream = stream
        self._label = label
        self._unit = unit
        self._bar: tqdm[Any] | None = None
        self.enabled = _is_terminal(stream)

    def __call__(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``."""
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=self._label, unit=self._unit, file=self._stream,
                             dynamic_ncols=True, mininterval=0.2, leave=True)  # fmt: skip
        self._bar.update(done - self._bar.n)
        if done >= total:
            self.close()

    def write(self, line: str) -> None:
        """Print ``line`` on the stream; with the bar open, above it (tqdm clears the bar,
        prints, draws the bar again), never over it."""
        if self._bar is not None:
            self._bar.write(line, file=self._stream)
        else:
            print(line, file=self._stream, flush=True)

    def close(self) -> None:
        """End the bar's line (safe to call twice)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
