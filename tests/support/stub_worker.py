"""A stand-in sandbox worker that misbehaves on request, for the supervisor and watchdog tests.

Started by the pool in place of `runner/sandbox/worker.py` (tests monkeypatch
`pool.WORKER_SCRIPT`); it speaks the real frame format, and each job's webhook JSON says what
to do: {"what": "ok" | "garbage" | "huge" | "wrong-id" | "spin" | "sleep"}. Standard library
only: the pool starts it with `python -I`.
"""

import json
import struct
import sys
import time

out, inp = sys.stdout.buffer, sys.stdin.buffer
OK = b'{"ok":true,"same":true,"console":[],"reads":[]}'


def send(payload: bytes) -> None:
    out.write(struct.pack(">I", len(payload)) + payload)
    out.flush()


def reply(job_id: int, record: bytes) -> None:
    send(struct.pack(">Qdd", job_id, 1.0, time.process_time()) + record + b"\n")


send(json.dumps({"ready": True, "cpu": time.process_time()}).encode())
while head := inp.read(4):
    header, _, body = inp.read(struct.unpack(">I", head)[0]).partition(b"\n")
    job = json.loads(header)
    if job["op"] != "job":
        continue
    what = json.loads(body)["what"]
    if what == "ok":
        reply(job["id"], OK)
    elif what == "garbage":
        send(b"this is not a reply")
    elif what == "huge":
        out.write(struct.pack(">I", 1 << 30))
        out.flush()
    elif what == "wrong-id":
        reply(job["id"] + 1, OK)
    elif what == "spin":  # stuck in code that never yields: it burns CPU and never answers
        while True:
            pass
    elif what == "sleep":  # stuck without using CPU, as in a system call that never returns
        time.sleep(600)
