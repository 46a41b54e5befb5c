"""The check feature: every transform on every fixture, snapshots, JUnit, the terminal report, doctor."""
