"""The credentials panel and "Send test": the only parts of the editor that talk to the network.

Credentials stay in this process's memory (or come from the environment) and leave it only
masked. A send goes to Customer.io's Track host for the chosen region (or where the
command's --customerio-url / DODO_CIO_CUSTOMERIO_URL points instead, as for `send`), or to
a local `dodo-cio emulator` the page names, which wins over the variable as a flag wins
over the environment. The page may name only a loopback URL, so it cannot be used to reach
arbitrary hosts with the user's API key; the variable is the user's own shell's word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..customerio.client import TrackClient
from ..customerio.credentials import Credentials, parse_region
from ..errors import UserError
from ..serving import is_loopback

if TYPE_CHECKING:
    from .app import EditorState


@dataclass(frozen=True)
class Target:
    """Where "Send test" goes: Customer.io itself (base_url None), its stand-in or a local emulator."""

    base_url: str | None = None


def credentials_view(state: EditorState) -> dict[str, Any] | None:
    creds = state.credentials
    if creds is None:
        return None
    return {**creds.masked(), "source": state.credentials_source}


def set_credentials(state: EditorState, data: dict[str, Any]) -> None:
    site_id = str(data.get("site_id") or "").strip()
    api_key = str(data.get("api_key") or "").strip()
    if not site_id or not api_key:
        raise UserError(
            "enter both the Site ID and the API key",
            where="credentials",
            fix="copy them from Customer.io: Settings \u2192 Workspace Settings \u2192 API Credentials",
        )
    region = parse_region(str(data.get("region") or "us"), where="region")
    state.credentials = Credentials(site_id=site_id, api_key=api_key, region=region)
    state.credentials_source = "page"


def clear_credentials(state: EditorState) -> None:
    state.credentials = None
    state.credentials_source = ""


def require_credentials(state: EditorState) -> Credentials:
    if state.credentials is None:
        raise UserError(
            "no Customer.io credentials",
            where="send",
            fix="enter the Site ID and API key in the credentials panel (they stay in memory)",
        )
    return state.credentials


def target_from(data: dict[str, Any], customerio_url: str | None = None) -> Target:
    """The page's choice; "customerio" means `customerio_url` when the command was given one."""
    kind = data.get("target", "customerio")
    if kind == "customerio":
        return Target(base_url=customerio_url)
    if kind != "emulator":
        raise UserError(f"unknown send target {kind!r}", where="send", fix="pick Customer.io or a local emulator")
    url = str(data.get("emulator_url") or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not is_loopback(parts.hostname) or parts.path not in ("", "/"):
        raise UserError(
            f"refused emulator URL {url!r}",
            where="send",
            fix="give the address `dodo-cio emulator` printed, e.g. http://127.0.0.1:8791",
        )
    return Target(base_url=url)


async def deliver(
    creds: Credentials, target: Target, webhook: dict[str, Any], *, webhook_id: str, transform: str
) -> dict[str, Any]:
    """One attempt (a test should show the first answer, not retry it away), credentials masked."""
    async with TrackClient(creds, base_url=target.base_url) as client:
        outcome = await client.deliver(webhook, webhook_id=webhook_id, transform=transform, max_attempts=1)
    return {"target": target.base_url or "customerio", **outcome.to_json()}
