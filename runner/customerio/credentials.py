"""Customer.io Track API credentials: a Site ID, a Track API key and the workspace's region.

The key is a secret, so the record never shows it: `repr`, `str` and `masked()` hide every
character of it (even a suffix narrows a guess), and the Site ID is only partly shown. The
Site ID is not secret in itself (it sits in every Customer.io JavaScript snippet) but it is
half of the Basic credentials, so displays keep it short too.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass

from .. import envvars
from ..errors import UserError
from ..masking import HIDDEN, mask_id
from .routes import TRACK_HOSTS


def parse_region(value: str, where: str = envvars.REGION) -> str:
    region = value.strip().lower()
    if region not in TRACK_HOSTS:
        raise UserError(
            f"unknown Customer.io region {value!r}",
            where=where,
            fix=(
                "use 'us' (track.customer.io) or 'eu' (track-eu.customer.io): "
                "the region shown in Customer.io under Settings → Workspace Settings"
            ),
        )
    return region


@dataclass(frozen=True, repr=False)
class Credentials:
    site_id: str
    api_key: str
    region: str = "us"

    def __post_init__(self) -> None:
        object.__setattr__(self, "region", parse_region(self.region, where="region"))  # "EU " -> "eu"

    def __repr__(self) -> str:
        return f"Credentials(site_id={mask_id(self.site_id)!r}, api_key={HIDDEN!r}, region={self.region!r})"

    __str__ = __repr__

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] = os.environ,
        *,
        site_id: str | None = None,
        api_key: str | None = None,
        region: str | None = None,
    ) -> Credentials | None:
        """Options win over the environment. None when neither the Site ID nor the key is set.

        Half a pair is a mistake the user can fix, so it raises rather than silently sending
        unauthenticated requests. Surrounding whitespace (a pasted newline) is dropped.
        """
        site = (site_id if site_id is not None else environ.get(envvars.SITE_ID, "")).strip()
        key = (api_key if api_key is not None else environ.get(envvars.API_KEY, "")).strip()
        raw_region = region if region is not None else environ.get(envvars.REGION, "") or "us"
        chosen_region = parse_region(raw_region, where="--region" if region is not None else envvars.REGION)
        if not site and not key:
            return None
        if not site or not key:
            missing = envvars.SITE_ID if not site else envvars.API_KEY
            raise UserError(
                f"{missing} is not set but the other half of the credentials is",
                where="Customer.io credentials",
                fix=(
                    f"set both {envvars.SITE_ID} and {envvars.API_KEY} "
                    "(Customer.io → Settings → API Credentials → Track API keys)"
                ),
            )
        return cls(site_id=site, api_key=key, region=chosen_region)

    def masked(self) -> dict[str, str]:
        return {"site_id": mask_id(self.site_id), "api_key": HIDDEN, "region": self.region}

    def track_base(self) -> str:
        return f"https://{TRACK_HOSTS[self.region]}"

    def authorization(self) -> str:
        """The Basic credentials header value (spec `securitySchemes.Tracking-API-Key`)."""
        token = base64.b64encode(f"{self.site_id}:{self.api_key}".encode()).decode("ascii")
        return f"Basic {token}"

    def secrets(self) -> tuple[str, ...]:
        """Strings that must never appear in anything we print or log."""
        return (self.api_key, self.authorization().split(" ", 1)[1])
