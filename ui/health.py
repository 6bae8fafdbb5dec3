"""The readiness check's run of the app: errors fail the check instead of showing a message.

A deployed replica is ready once Streamlit's script health check passed
(``/_stcore/script-health-check``, docs/deploy.md). The check runs the app in a throw-away
session and answers 503 only if the run raised an exception it did not catch; the app
catches its errors to show them as a message, so without :func:`in_script_check` a replica
whose rules, boundaries or map assets fail to load would pass as ready.
"""

from __future__ import annotations

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx


def in_script_check() -> bool:
    """Return whether this run is the script health check's throw-away session.

    Every planner's session is registered with the runtime's session manager; the check's
    session is made directly by ``Runtime.does_script_run_without_error`` and never is.
    Outside a server (AppTest, bare mode) there is no such check: False. A planner's run
    whose browser disconnected meanwhile also counts as unregistered: an error in it is
    raised (Streamlit's generic message, ``client.showErrorDetails = "none"``) to nobody,
    and the reconnected page runs again.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not runtime.exists():
        return False
    return not runtime.get_instance().is_active_session(ctx.session_id)
