"""Loading users' events: lenient on content, precise about what is wrong and how to fix it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runner.errors import UserError
from runner.fixtures import EVENT_TYPES, find_fixture, load_fixtures, load_payload_file


def write(path: Path, doc: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2))
    return path


def test_shipped_fixtures_load_by_default() -> None:
    fixtures = load_fixtures()
    assert sorted(f.name for f in fixtures) == sorted(EVENT_TYPES)
    assert find_fixture("payment.succeeded").envelope["data"]["total_amount"] == 2999


def test_lenient_event_without_required_fields(tmp_path: Path) -> None:
    # like the Dodo CLI's own mock and older deliveries: no retry_attempt, no service_periods, no data at all
    path = write(tmp_path / "old.json", {"type": "payment.succeeded", "data": {"total_amount": 100}})
    fixture = load_payload_file(path)
    assert (fixture.name, fixture.event_type, fixture.path) == ("old", "payment.succeeded", path)
    assert fixture.family == "payment"
    assert load_payload_file(write(tmp_path / "bare.json", {"type": "custom.thing"})).family is None


def test_bad_json_names_file_line_column_and_fix(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.json", '{\n  "type": "payment.succeeded",\n  "data": {"a": 1,}\n}\n')
    with pytest.raises(UserError) as exc:
        load_payload_file(path)
    assert exc.value.where == f"{path}:3:18"  # the trailing comma, on every Python (3.13 words it differently)
    assert "invalid JSON: trailing comma before }" == exc.value.message
    assert "trailing comma" in exc.value.fix
    assert "Traceback" not in str(exc.value)


@pytest.mark.parametrize("text", ["[1, 2, ]", '{"a": [1,\n  ]}', '{"a": 1 ,  }'])
def test_trailing_comma_is_found_the_same_way_on_every_python(tmp_path: Path, text: str) -> None:
    with pytest.raises(UserError) as exc:
        load_payload_file(write(tmp_path / "t.json", text))
    line, col = map(int, exc.value.where.rsplit(":", 2)[1:])
    assert text.splitlines()[line - 1][col - 1] == ","
    assert "trailing comma" in exc.value.fix


def test_javascript_object_syntax_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path / "js.json", "{type: 'payment.succeeded'}")
    with pytest.raises(UserError) as exc:
        load_fixtures([path])
    assert exc.value.where.endswith("js.json:1:2")
    assert "double-quoted keys" in exc.value.fix


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(UserError) as exc:
        load_payload_file(write(tmp_path / "empty.json", ""))
    assert "empty" in exc.value.fix


def test_missing_type_in_an_envelope(tmp_path: Path) -> None:
    path = write(tmp_path / "e.json", {"business_id": "bus_1", "data": {"payload_type": "Subscription"}})
    with pytest.raises(UserError) as exc:
        load_payload_file(path)
    assert exc.value.message == 'the event has no "type"'
    assert exc.value.where == str(path)
    assert '"type": "subscription.active"' in exc.value.fix


def test_bare_data_object_gets_a_wrap_hint(tmp_path: Path) -> None:
    data = find_fixture("refund.succeeded").envelope["data"]
    with pytest.raises(UserError) as exc:
        load_payload_file(write(tmp_path / "data.json", data))
    assert "bare `data` object" in exc.value.fix
    assert '"type": "refund.succeeded"' in exc.value.fix


@pytest.mark.parametrize(("doc", "kind"), [([1], "array"), ("null", "null"), ("42", "number")])
def test_non_object_event(tmp_path: Path, doc: object, kind: str) -> None:
    with pytest.raises(UserError) as exc:
        load_payload_file(write(tmp_path / "x.json", doc))
    assert exc.value.message == f"the event is a JSON {kind}, not an object"


def test_type_must_be_a_string(tmp_path: Path) -> None:
    with pytest.raises(UserError) as exc:
        load_payload_file(write(tmp_path / "x.json", {"type": 7, "data": {}}))
    assert '"type" must be a non-empty string, not 7' == exc.value.message


def test_missing_file_and_folder_given_as_file(tmp_path: Path) -> None:
    with pytest.raises(UserError) as exc:
        load_payload_file(tmp_path / "nope.json")
    assert exc.value.message == "no such event file or folder"
    with pytest.raises(UserError) as exc:
        load_payload_file(tmp_path)
    assert "folder" in exc.value.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"type": "payment.succeeded", "x": "\xe9"}')
    with pytest.raises(UserError) as exc:
        load_payload_file(path)
    assert "UTF-8" in exc.value.message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"type": "refund.failed"}).encode())
    assert load_payload_file(path).event_type == "refund.failed"


def test_user_folders_are_recursive_sorted_and_named_by_relative_path(tmp_path: Path) -> None:
    write(tmp_path / "live" / "b.json", {"type": "payment.failed"})
    write(tmp_path / "live" / "a.json", {"type": "payment.succeeded"})
    write(tmp_path / "z.json", {"type": "subscription.active"})
    write(tmp_path / "notes.txt", "not an event")
    single = write(tmp_path.parent / f"{tmp_path.name}-one.json", {"type": "refund.succeeded"})
    fixtures = load_fixtures([tmp_path, single])
    assert [f.name for f in fixtures] == ["live/a", "live/b", "z", f"{tmp_path.name}-one"]
    assert find_fixture("live/b", fixtures).event_type == "payment.failed"
    assert find_fixture("payment.succeeded", fixtures).name == "live/a"
    assert find_fixture("z.json", fixtures).event_type == "subscription.active"


def test_a_bad_file_in_a_folder_is_named(tmp_path: Path) -> None:
    write(tmp_path / "good.json", {"type": "payment.failed"})
    bad = write(tmp_path / "sub" / "bad.json", '{"type": "x"')
    with pytest.raises(UserError) as exc:
        load_fixtures([tmp_path])
    assert exc.value.where.startswith(f"{bad}:1:")


def test_folder_without_json(tmp_path: Path) -> None:
    with pytest.raises(UserError) as exc:
        load_fixtures([tmp_path])
    assert exc.value.where == str(tmp_path)


def test_unknown_name_lists_close_matches() -> None:
    with pytest.raises(UserError) as exc:
        find_fixture("payment.succeded")
    assert "payment.succeeded" in exc.value.fix.split("?")[0]
    assert "dodo-cio fixtures list" in exc.value.fix
    with pytest.raises(UserError) as exc:
        find_fixture("qqqq")
    assert "did you mean" not in exc.value.fix and "dodo-cio fixtures list" in exc.value.fix


def test_event_types_dodo_never_sends_point_to_the_real_one() -> None:
    with pytest.raises(UserError) as exc:
        find_fixture("subscription.created")
    assert "subscription.active" in exc.value.fix


def test_loading_returns_independent_copies() -> None:
    first = find_fixture("payment.succeeded")
    first.envelope["data"]["total_amount"] = 1
    assert find_fixture("payment.succeeded").envelope["data"]["total_amount"] == 2999


def test_an_endless_or_huge_payload_is_refused_quickly(tmp_path: Path) -> None:
    with pytest.raises(UserError) as exc:
        load_payload_file("/dev/urandom")  # reads forever without a cap
    assert exc.value.where == "/dev/urandom" and "over 1 MiB: too large for a Dodo event" in exc.value.message
    big = tmp_path / "big.json"
    big.write_text('{"type": "payment.succeeded", "data": {"blob": "' + "x" * (2 << 20) + '"}}')
    with pytest.raises(UserError, match="too large for a Dodo event"):
        load_payload_file(big)


def test_a_huge_transform_is_refused_as_too_large_not_run(tmp_path: Path) -> None:
    from runner.transforms import load_transform

    big = tmp_path / "big.js"
    big.write_text("function handler(w) { return w; }\n" + " " * (2 << 20))
    with pytest.raises(UserError, match="over 1 MiB: too large for a transform"):
        load_transform(big)
