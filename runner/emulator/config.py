"""Settings of one emulated Track API workspace."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .. import envvars
from ..errors import UserError
from ..serving import is_loopback
from .faults import FaultPlan

# Fixed demo credentials, used when neither options nor CUSTOMERIO_SITE_ID/CUSTOMERIO_API_KEY
# are set. They only ever unlock a local emulator.
DEMO_SITE_ID = "dodo-cio-demo-site"
DEMO_API_KEY = "dodo-cio-demo-track-key"


@dataclass
class EmulatorConfig:
    """One workspace: its credentials, region, enabled identifiers, where to listen, faults."""

    site_id: str = DEMO_SITE_ID
    api_key: str = field(default=DEMO_API_KEY, repr=False)
    region: Literal["us", "eu"] = "us"
    host: str = "127.0.0.1"
    port: int = 0  # 0 = a free port
    environment_id: int = 1
    enabled_identifiers: tuple[str, ...] = ("id", "email", "phone")
    faults: FaultPlan = field(default_factory=FaultPlan)
    log_level: str = "warning"
    # https with this certificate and key (PEM), for clients that only speak https, like
    # Customer.io's own libraries; None serves plain http.
    tls_cert: str | None = None
    tls_key: str | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    @classmethod
    def from_env(cls, **overrides: object) -> EmulatorConfig:
        """Credentials from CUSTOMERIO_SITE_ID / CUSTOMERIO_API_KEY, else the demo ones."""
        env = {"site_id": os.environ.get(envvars.SITE_ID), "api_key": os.environ.get(envvars.API_KEY)}
        values = {k: v for k, v in env.items() if v} | {k: v for k, v in overrides.items() if v is not None}
        return cls(**values)  # type: ignore[arg-type]

    @property
    def demo_credentials(self) -> bool:
        return self.site_id == DEMO_SITE_ID and self.api_key == DEMO_API_KEY

    def check(self) -> None:
        if self.region not in ("us", "eu"):
            raise UserError(f"unknown region {self.region!r}", where="--region", fix="use us or eu")
        if not self.site_id or not self.api_key:
            raise UserError(
                "the Site ID and API key must not be empty",
                where="emulator credentials",
                fix="set --site-id/--api-key or CUSTOMERIO_SITE_ID/CUSTOMERIO_API_KEY, or unset both for the demo ones",
            )
        if not is_loopback(self.host):
            raise UserError(
                f"the emulator only listens on loopback, not {self.host!r}",
                where="--host",
                fix="use 127.0.0.1 (or ::1, localhost)",
            )
        if bool(self.tls_cert) != bool(self.tls_key):
            raise UserError(
                "https needs both a certificate and its private key",
                where="--tls-cert/--tls-key",
                fix="pass both --tls-cert CERT.pem and --tls-key KEY.pem, or neither for plain http",
            )
        for option, path in (("--tls-cert", self.tls_cert), ("--tls-key", self.tls_key)):
            if path and not Path(path).is_file():
                raise UserError(f"{path!r} is not a readable file", where=option, fix="give the path of a PEM file")
        self.faults.check()
