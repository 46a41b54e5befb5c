"""Helpers for the tests and the benchmarks (not shipped in the wheel): import as `support.*`;
`tests/` is on `sys.path` under pytest, and the bench scripts put it there themselves."""
