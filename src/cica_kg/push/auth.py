"""Credentials for a graph store and the ``Authorization`` header its challenge asks for.

The password never appears on the command line: it comes from an environment variable or
from a netrc file (``$NETRC``, else ``~/.netrc``). Credentials are sent only in answer to a
401 challenge: HTTP Digest (RFC 7616, MD5 or SHA-256, ``qop=auth``; Virtuoso's
``/sparql-graph-crud-auth``) or Basic (RFC 7617; Fuseki, GraphDB, Stardog). Decision 0126.
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cica_kg.errors import UsageError

PASSWORD_ENV = "CICA_KG_PASSWORD"
"""The environment variable ``--user`` reads the password from unless told another."""
_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP authentication."""

    user: str
    password: str = field(repr=False)


def find_credentials(
    url: str, *, user: str | None, password_env: str = PASSWORD_ENV
) -> Credentials | None:
    """The credentials for ``url``: ``user`` with the password of ``$password_env`` or netrc;
    without ``user``, the netrc entry for the URL's host, if any.

    Raises:
        UsageError: ``user`` is given but neither the variable nor netrc has a password.
    """
    host = urlsplit(url).hostname or ""
    if user is not None:
        password = os.environ.get(password_env)
        if password is None:
            entry = _netrc_entry(host)
            password = entry[1] if entry is not None and entry[0] == user else None
        if password is None:
            raise UsageError(
                f"--user {user}: no password; set ${password_env} "
                f"or add 'machine {host} login {user} password ...' to ~/.netrc"
            )
        return Credentials(user, password)
    entry = _netrc_entry(host)
    return Credentials(*entry) if entry is not None else None


def _netrc_entry(host: str) -> tuple[str, str] | None:
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        found = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise UsageError(f"{path}: cannot read it ({exc}); fix or remove the file") from exc
    if found is None or not found[2]:
        return None
    return found[0], found[2]


@dataclass
class Authorizer:
    """Answers a server's 401 challenge, then signs every later request the same way."""

    credentials: Credentials
    scheme: str = ""
    challenge: dict[str, str] = field(default_factory=dict)
    count: int = 0
    cnonce: Callable[[], str] = field(default=lambda: secrets.token_hex(8), repr=False)

    def learn(self, header: str) -> bool:
        """Take the challenge of a ``WWW-Authenticate`` header; False if it is not usable."""
        scheme, _, rest = header.strip().partition(" ")
        scheme = scheme.lower()
        if scheme == "basic":
            self.scheme, self.challenge = scheme, {}
            return True
        params = {m[1].lower(): _unquote(m[2]) if m[2] is not None else m[3]
                  for m in _PARAM.finditer(rest)}  # fmt: skip
        algorithm = params.get("algorithm", "MD5").upper()
        if scheme != "digest" or "nonce" not in params or algorithm not in _HASHES:
            return False
        qop = {q.strip() for q in params.get("qop", "").split(",")}
        if "qop" in params and "auth" not in qop:
            return False
        self.scheme, self.challenge, self.count = scheme, params, 0
        return True

    def header(self, method: str, url: str) -> str | None:
        """The ``Authorization`` value for this request, or None before any challenge."""
        if self.scheme == "basic":
            pair = f"{self.credentials.user}:{self.credentials.password}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if self.scheme == "digest":
            return self._digest(method, url)
        return None

    def _digest(self, method: str, url: str) -> str:
        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        c = self.challenge
        algorithm = c.get("algorithm", "MD5").upper()

        def h(text: str) -> str:
            return _HASHES[algorithm](text.encode("utf-8")).hexdigest()

        ha1 = h(f"{self.credentials.user}:{c.get('realm', '')}:{self.credentials.password}")
        ha2 = h(f"{method}:{uri}")
        fields = {"username": self.credentials.user, "realm": c.get("realm", ""),
                  "nonce": c["nonce"], "uri": uri, "algorithm": algorithm}  # fmt: skip
        if "qop" in c:
            self.count += 1
            nc, cnonce = f"{self.count:08x}", self.cnonce()
            response = h(f"{ha1}:{c['nonce']}:{nc}:{cnonce}:auth:{ha2}")
            fields.update(qop="auth", nc=nc, cnonce=cnonce)
        else:
            response = h(f"{ha1}:{c['nonce']}:{ha2}")
        fields["response"] = response
        if "opaque" in c:
            fields["opaque"] = c["opaque"]
        unquoted = {"algorithm", "qop", "nc"}
        return "Digest " + ", ".join(
            f"{k}={v}" if k in unquoted else f'{k}="{_quote(v)}"' for k, v in fields.items()
        )


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
