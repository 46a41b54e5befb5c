"""A PostgreSQL URL's password never reaches the screen: redacted URLs and scrubbed driver messages."""

from __future__ import annotations

from runner.masking import scrub
from runner.relay.database_url import redact, secrets_of


def test_redact_hides_the_password_and_keeps_the_rest():
    assert (
        redact("postgresql://relay:s3cret@db.internal:5432/relay?sslmode=require")
        == "postgresql://relay:****@db.internal:5432/relay?sslmode=require"
    )
    assert redact("postgresql://relay@db.internal/relay") == "postgresql://relay@db.internal/relay"
    assert redact("postgres://db.internal/relay") == "postgres://db.internal/relay"
    assert redact("relay.sqlite3") == "relay.sqlite3"


def test_a_password_with_reserved_characters_is_hidden_encoded_and_decoded():
    url = "postgresql://relay:p%40ss%3Aw0rd@db/relay"
    assert secrets_of(url) == ("p%40ss%3Aw0rd", "p@ss:w0rd")
    message = 'connection failed: password "p@ss:w0rd" in "postgresql://relay:p%40ss%3Aw0rd@db/relay"'
    cleaned = scrub(message, secrets_of(url))
    assert "p@ss:w0rd" not in cleaned and "p%40ss" not in cleaned and "****" in cleaned
    assert "p%40ss" not in redact(url)


def test_a_malformed_url_is_redacted_whole():
    assert "hunter2" not in redact("postgresql://u:hunter2@[bad/db")
