"""Every environment variable dodo-cio reads, declared once.

Commands name these in their options' `envvar=` (so `--help` shows them and every command
reads the same variable for the same setting); the library reads them only where there is
no command line (credentials and the relay's configuration, whose precedence is flags >
TOML file > environment > default).
"""

from __future__ import annotations

WEBHOOK_KEY = "DODO_PAYMENTS_WEBHOOK_KEY"  # the endpoint's whsec_ signing secret(s): relay, trigger
SITE_ID = "CUSTOMERIO_SITE_ID"  # Track API Basic auth user
API_KEY = "CUSTOMERIO_API_KEY"  # Track API Basic auth password (a secret)
REGION = "CUSTOMERIO_REGION"  # us | eu
CUSTOMERIO_URL = "DODO_CIO_CUSTOMERIO_URL"  # send Track API requests here (the emulator) instead
RATE_LIMIT = "DODO_CIO_RATE_LIMIT"  # client-side requests/s to Customer.io
DATABASE_URL = "DODO_CIO_DATABASE_URL"  # the relay's outbox when neither --db nor the TOML file names one
DEBUG = "DODO_CIO_DEBUG"  # show the traceback of an internal error

ALL: dict[str, str] = {
    WEBHOOK_KEY: "the webhook signing secret (several separated by spaces or commas while rotating)",
    SITE_ID: "Customer.io Site ID",
    API_KEY: "Customer.io Track API key",
    REGION: "Customer.io region, us or eu",
    CUSTOMERIO_URL: "where Track API requests go instead of Customer.io (e.g. the emulator)",
    RATE_LIMIT: "requests per second to Customer.io (0: no limit)",
    DATABASE_URL: "the relay's outbox (a SQLite path or a postgresql:// URL) when neither --db nor the file names one",
    DEBUG: "print the traceback of an internal error",
}


def split_secrets(text: str) -> tuple[str, ...]:
    """`whsec_a whsec_b` or `whsec_a,whsec_b`: the relay verifies with each, trigger signs with the first."""
    return tuple(s for s in text.replace(",", " ").split() if s)
