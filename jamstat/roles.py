"""Who may do what: a signed-in user's role from their identity claims and the roles config (no Streamlit).

Roles: "editor" (upload/replace/delete own tables, save presentations and shared peer groups) and "viewer"
(explore, export, follow links). Without sign-in configured there is one role for everyone, "open": anyone who
reaches the server may edit, as before sign-in existed. With sign-in, anyone not signed in is "anonymous" and
may only look; signed-in users are editors when their e-mail address or one of their groups is listed, else
viewers.

The config is a mapping (the `[jamstat.roles]` table of .streamlit/secrets.toml, or the `[roles]` table of the
TOML file named by JAMSTAT_ROLES_FILE):

    editors = ["anna.andersson@kommun.se"]      # e-mail addresses, case does not matter
    editor_groups = ["3f1c…-group-object-id"]  # values of the group claim (Entra ID: group object ids)
    group_claim = "groups"                      # the ID token's claim that lists the user's groups
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

EDITOR, VIEWER, ANONYMOUS, OPEN = "editor", "viewer", "anonymous", "open"
# Claims that carry the user's address, in order: OIDC's email, then what Entra ID puts in work accounts.
ADDRESS_CLAIMS = ("email", "preferred_username", "upn")
ROLES_FILE_ENV = "JAMSTAT_ROLES_FILE"


class RolesError(ValueError):
    """The roles config cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class RolesConfig:
    editors: frozenset[str] = frozenset()
    editor_groups: frozenset[str] = frozenset()
    group_claim: str = "groups"


def _strings(config: Mapping, key: str) -> list[str]:
    value = config.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise RolesError(f"roles: {key} must be a list of strings")
    return [item.strip() for item in value if item.strip()]


def parse_config(config: Mapping | None) -> RolesConfig:
    """RolesConfig from a mapping (see the module's docstring); an empty or missing mapping names no editor."""
    config = dict(config or {})
    unknown = set(config) - {"editors", "editor_groups", "group_claim"}
    if unknown:
        raise RolesError(f"roles: unknown setting(s) {', '.join(sorted(unknown))}")
    claim = config.get("group_claim", "groups")
    if not isinstance(claim, str) or not claim.strip():
        raise RolesError("roles: group_claim must be a claim name")
    return RolesConfig(editors=frozenset(address.lower() for address in _strings(config, "editors")),
                       editor_groups=frozenset(_strings(config, "editor_groups")), group_claim=claim.strip())


def load_config(secrets_roles: Mapping | None, environ: Mapping[str, str] = os.environ) -> RolesConfig:
    """The roles config: the file named by JAMSTAT_ROLES_FILE when set (its [roles] table), else the secrets'."""
    path = environ.get(ROLES_FILE_ENV)
    if path:
        try:
            document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise RolesError(f"roles: cannot read {ROLES_FILE_ENV}={path} ({error})") from error
        return parse_config(document.get("roles", {}))
    return parse_config(secrets_roles)


def address(claims: Mapping) -> str:
    """The user's e-mail address from their claims ("" when none)."""
    for claim in ADDRESS_CLAIMS:
        value = claims.get(claim)
        if isinstance(value, str) and "@" in value:
            return value.strip()
    return ""


def groups(claims: Mapping, claim: str) -> set[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return set()


def role(claims: Mapping | None, config: RolesConfig, sign_in: bool) -> str:
    """The role of a user: OPEN without sign-in; ANONYMOUS when not signed in; else EDITOR or VIEWER."""
    if not sign_in:
        return OPEN
    claims = claims or {}
    if not claims.get("is_logged_in"):
        return ANONYMOUS
    if address(claims).lower() in config.editors or groups(claims, config.group_claim) & config.editor_groups:
        return EDITOR
    return VIEWER


def may_edit(user_role: str) -> bool:
    return user_role in (EDITOR, OPEN)
