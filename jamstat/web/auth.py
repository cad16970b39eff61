"""Sign-in (Streamlit's st.login / st.user, OpenID Connect) and the role it gives, for the pages and handlers.

Sign-in is on when .streamlit/secrets.toml has an [auth] section; roles come from its [jamstat.roles] table or
the file named by JAMSTAT_ROLES_FILE (jamstat/roles.py). Every handler that changes saved data calls
require_edit() first, so a viewer's edit is refused on the server even if a control was forged."""

from __future__ import annotations

import logging

import streamlit as st

from jamstat import roles
from jamstat.text import markdown_literal, t

logger = logging.getLogger(__name__)


def _secrets() -> dict:
    # st.secrets raises when there is no secrets file at all: that is simply "no sign-in".
    if not st.secrets.load_if_toml_exists():
        return {}
    return st.secrets.to_dict()


def sign_in_enabled() -> bool:
    return "auth" in _secrets()


def _config() -> roles.RolesConfig:
    try:
        return roles.load_config(_secrets().get("jamstat", {}).get("roles"))
    except roles.RolesError as error:
        # A broken roles config names no editor (everyone may look, nobody may edit) rather than stopping the app.
        logger.error("the roles config cannot be used, so nobody is an editor: %s", error)
        return roles.RolesConfig()


def claims() -> dict:
    return st.user.to_dict()


def current_role() -> str:
    return roles.role(claims(), _config(), sign_in_enabled())


def current_actor() -> str:
    """Who is acting, for logs and the audit trail: the signed-in user's address, or "" when anonymous."""
    user = claims()
    return roles.address(user) if user.get("is_logged_in") else ""


def can_edit() -> bool:
    return roles.may_edit(current_role())


def require_edit(action: str) -> bool:
    """True when the current user may change saved data; otherwise log the refused edit, say so, return False."""
    user_role = current_role()
    if roles.may_edit(user_role):
        return True
    logger.warning("refused edit %r by %s (role %s)", action, current_actor() or "an anonymous user", user_role)
    st.error(t("auth_refused", st.session_state.get("lang", "sv")))
    return False


def viewer_note(language: str) -> None:
    """Where edit controls would be: why they are not there."""
    key = "auth_viewer_note" if current_role() == roles.VIEWER else "auth_sign_in_to_edit"
    st.info(t(key, language), icon="🔒")


def sidebar(language: str) -> None:
    """Sign in / who is signed in and as what / sign out; nothing without sign-in configured."""
    if not sign_in_enabled():
        return
    user_role = current_role()
    with st.sidebar:
        if user_role == roles.ANONYMOUS:
            st.button(t("auth_sign_in", language), key="auth_sign_in", on_click=st.login, icon="🔑")
        else:
            st.caption(t("auth_signed_in", language, who=markdown_literal(current_actor() or "?"),
                         role=t(f"auth_role_{user_role}", language)))
            st.button(t("auth_sign_out", language), key="auth_sign_out", on_click=st.logout)
