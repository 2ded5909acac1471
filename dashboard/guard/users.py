"""The users file: for a small deployment without an OpenID provider, each user's role and password hash.

A JSON object `{"users": {"name": {"role": "analyst", "password": "scrypt:..."}}}`, written owner-only. Hashes are
werkzeug.security's (scrypt, salted); a password is never stored, logged or taken from the command line.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.guard.roles import ROLES

MIN_PASSWORD = 12
# Checked against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = generate_password_hash("not a password of anyone's")


class UsersFileError(ValueError):
    """A users file that cannot be read or a user that cannot be added: the message says which and why."""


def read(path: Path) -> dict[str, dict]:
    """{name: {"role", "password"}} from the file (empty when there is no file)."""
    if not path.exists():
        return {}
    try:
        users = json.loads(path.read_text(encoding="utf-8"))["users"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsersFileError(f"{path}: not a users file ({error.__class__.__name__})") from None
    return {name: user for name, user in users.items() if isinstance(user, dict) and user.get("role") in ROLES}


def add(path: Path, name: str, role: str, password: str) -> bool:
    """Add `name` with `role` (or change an existing user's role and password); True when the user is new."""
    if role not in ROLES:
        raise UsersFileError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if not name or not name.isprintable() or len(name) > 100 or name != name.strip():
        raise UsersFileError(f"{name!r} is not a user name (1 to 100 printable characters, no spaces around)")
    if len(password) < MIN_PASSWORD:
        raise UsersFileError(f"the password is too short: at least {MIN_PASSWORD} characters")
    users = read(path)
    new = name not in users
    users[name] = {"role": role, "password": generate_password_hash(password)}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent)  # owner-only, then swapped in whole
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"users": users}, f, indent=1)
    os.replace(tmp, path)
    return new


def check(path: Path, name: str, password: str) -> str | None:
    """The user's role when `password` is theirs, else None."""
    user = read(path).get(name)
    if user is None:
        check_password_hash(_DUMMY, password)
        return None
    return user["role"] if check_password_hash(user["password"], password) else None
