"""``python -m cica_kg.bench``: run the benchmarks (see :mod:`cica_kg.bench.report`)."""

from __future__ import annotations

import sys

from cica_kg.bench.report import main

sys.exit(main())
