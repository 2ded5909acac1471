"""The server's security settings, read from the environment (secrets never live in files in the repository).

| variable | what it sets |
| --- | --- |
| `STRIDE_OIDC_METADATA_URL` | the OpenID provider's discovery document (Entra ID: `https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration`) |
| `STRIDE_OIDC_CLIENT_ID`, `STRIDE_OIDC_CLIENT_SECRET` | the app's registration with the provider |
| `STRIDE_OIDC_ROLES_CLAIM` | the ID token claim that lists the user's roles (default `roles`, Entra ID's app roles) |
| `STRIDE_USERS_FILE` | the users file of hashed passwords (default `instance/users.json`; sign-in by it is on when it exists) |
| `STRIDE_SECRET_KEY` | the session signing key (default: generated once into `instance/secret_key`, owner-only) |
| `STRIDE_ACCESS_LOG` | the access log, JSON lines (default `instance/access.log`) |
| `STRIDE_INSTANCE` | the instance folder (default `instance/` in the repository) |
| `STRIDE_MAX_REQUEST_BYTES` | the largest request body taken (default 1 MB; larger is 413) |
| `STRIDE_EXPORT_RATE_LIMIT` | exports per user, or per address before sign-in (default `30 per minute`) |
| `STRIDE_SIGN_IN_RATE_LIMIT` | password attempts per address (default `10 per minute`) |
| `STRIDE_RATE_LIMIT_STORAGE` | where rate limits are counted (default `memory://`: per process; `redis://...` shares them) |
| `STRIDE_PROXIES` | how many reverse proxies are in front (default 0); their `X-Forwarded-*` headers are then trusted |
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOT_CONFIGURED = ("sign-in is not configured: set STRIDE_OIDC_METADATA_URL, STRIDE_OIDC_CLIENT_ID and "
                  "STRIDE_OIDC_CLIENT_SECRET, or add users with `python app.py users add NAME --role ROLE`")

SESSION_HOURS = 8  # a working day: sign in again the next


@dataclass(frozen=True)
class Settings:
    instance: Path = REPO / "instance"
    oidc_metadata_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_roles_claim: str = "roles"
    users_file: Path | None = None
    secret_key: str | None = None
    access_log: Path | None = None
    max_request_bytes: int = 1_000_000
    export_rate_limit: str = "30 per minute"
    sign_in_rate_limit: str = "10 per minute"
    rate_limit_storage: str = "memory://"
    proxies: int = 0
    extra: dict = field(default_factory=dict)  # Flask settings a test adds

    @classmethod
    def from_environment(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        instance = Path(env.get("STRIDE_INSTANCE") or REPO / "instance")
        return cls(
            instance=instance,
            oidc_metadata_url=env.get("STRIDE_OIDC_METADATA_URL") or None,
            oidc_client_id=env.get("STRIDE_OIDC_CLIENT_ID") or None,
            oidc_client_secret=env.get("STRIDE_OIDC_CLIENT_SECRET") or None,
            oidc_roles_claim=env.get("STRIDE_OIDC_ROLES_CLAIM") or "roles",
            users_file=Path(env.get("STRIDE_USERS_FILE") or instance / "users.json"),
            secret_key=env.get("STRIDE_SECRET_KEY") or None,
            access_log=Path(env.get("STRIDE_ACCESS_LOG") or instance / "access.log"),
            max_request_bytes=int(env.get("STRIDE_MAX_REQUEST_BYTES") or 1_000_000),
            export_rate_limit=env.get("STRIDE_EXPORT_RATE_LIMIT") or "30 per minute",
            sign_in_rate_limit=env.get("STRIDE_SIGN_IN_RATE_LIMIT") or "10 per minute",
            rate_limit_storage=env.get("STRIDE_RATE_LIMIT_STORAGE") or "memory://",
            proxies=int(env.get("STRIDE_PROXIES") or 0),
        )

    @property
    def oidc(self) -> bool:
        return bool(self.oidc_metadata_url and self.oidc_client_id and self.oidc_client_secret)

    @property
    def users(self) -> bool:
        return self.users_file is not None and self.users_file.is_file()

    @property
    def sign_in(self) -> bool:
        """Whether anyone must sign in: an OpenID provider or a users file is configured."""
        return self.oidc or self.users

    def flask_config(self) -> dict:
        """Flask's settings: the body size limit always; the session's key and cookie flags when sign-in is on."""
        config = {"MAX_CONTENT_LENGTH": self.max_request_bytes}
        if self.sign_in:
            config |= {"SECRET_KEY": self.secret_key or instance_secret(self.instance),
                       "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
                       "SESSION_COOKIE_SAMESITE": "Lax", "SESSION_COOKIE_NAME": "stride_session",
                       "PERMANENT_SESSION_LIFETIME": SESSION_HOURS * 3600}
        return config | self.extra


def instance_secret(instance: Path) -> str:
    """The key in `instance/secret_key`, made once (owner-only) when absent; every worker reads the same one (the
    file is written whole, then linked into place, so no worker reads it half-written)."""
    import tempfile

    path = instance / "secret_key"
    instance.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=instance)  # owner-only (0600) by construction
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another worker made it first: use theirs
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or `localhost`) is reachable from this machine only."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
