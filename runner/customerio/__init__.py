"""Customer.io destination: what a transform's output means to the Track API.

`routes` says which Track API call a URL is, `validate` says whether Customer.io would accept
the request (the single source of truth, shared with the emulator), `emulator` is a local
Track API server for tests and for `dodo-cio emulator`.
"""
