"""Vendor YASGUI's built JavaScript and CSS into the package (``cica_kg/serve/static/yasgui``).

    python tools/vendor_yasgui.py [--version 4.6.2]

Fetches the ``@zazuko/yasgui`` tarball from the npm registry with ``npm pack`` (npm's own
client, so its registry settings apply), checks its integrity against the registry's
``dist.integrity``, and copies ``build/yasgui.min.js`` and ``build/yasgui.min.css`` with a
``LICENSE`` (MIT, as the package declares) and a ``VERSION`` file. Run it to upgrade; the
server never fetches anything at run time.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
DEFAULT_VERSION = "4.6.2"
TARGET = Path(__file__).resolve().parent.parent / "src" / "cica_kg" / "serve" / "static" / "yasgui"
FILES = ("build/yasgui.min.js", "build/yasgui.min.css")
LICENSE = """MIT License

Copyright (c) Triply B.V. and Zazuko GmbH (YASGUI; https://github.com/zazuko/Yasgui)

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def _npm(*args: str, cwd: Path) -> str:
    done = subprocess.run(["npm", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"vendor_yasgui: npm {' '.join(args)} failed: {done.stderr.strip()[:500]}")
    return done.stdout


def vendor(version: str) -> None:
    """Fetch ``PACKAGE@version`` and copy its built files into :data:`TARGET`."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        spec = f"{PACKAGE}@{version}"
        meta = json.loads(_npm("view", spec, "dist", "license", "--json", cwd=work))
        tarball = work / _npm("pack", spec, "--silent", cwd=work).strip().splitlines()[-1]
        algorithm, _, expected = meta["dist"]["integrity"].partition("-")
        digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
        if digest != expected:
            sys.exit(f"vendor_yasgui: {tarball.name}: integrity mismatch")
        if meta.get("license") != "MIT":
            sys.exit(f"vendor_yasgui: {spec} is not MIT-licensed ({meta.get('license')}); check")
        with tarfile.open(tarball) as archive:
            for name in FILES:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    sys.exit(f"vendor_yasgui: {name} missing from {tarball.name}")
                TARGET.mkdir(parents=True, exist_ok=True)
                with (TARGET / Path(name).name).open("wb") as out:
                    shutil.copyfileobj(member, out)
    (TARGET / "LICENSE").write_text(LICENSE, encoding="utf-8")
    (TARGET / "VERSION").write_text(f"{PACKAGE} {version}\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {version} into {TARGET}")


def main() -> None:
    """Parse the command line and vendor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="the npm version to vendor")
    vendor(parser.parse_args().version)


if __name__ == "__main__":
    main()
