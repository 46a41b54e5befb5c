"""The structural diff the editor's Diff tab shows: one line per changed path."""

from __future__ import annotations

from runner.editor.diff import Change, diff_json


def test_nested_objects_are_compared_key_by_key():
    before = {"url": "a", "payload": {"type": "payment.succeeded", "data": {"x": 1}}, "headers": {}}
    after = {"url": "b", "payload": {"type": "person", "action": "event"}, "headers": {}}
    assert diff_json(before, after) == [
        Change("changed", "url", "a", "b"),
        Change("removed", "payload.data", before={"x": 1}),
        Change("changed", "payload.type", "payment.succeeded", "person"),
        Change("added", "payload.action", after="event"),
    ]


def test_lists_of_equal_length_are_compared_item_by_item_and_others_replaced():
    assert diff_json({"a": [1, 2]}, {"a": [1, 3]}) == [Change("changed", "a[1]", 2, 3)]
    assert diff_json({"a": [1]}, {"a": [1, 2]}) == [Change("changed", "a", [1], [1, 2])]


def test_equal_values_of_different_types_are_a_change():
    assert diff_json({"n": 1}, {"n": 1}) == []
    assert diff_json({"n": 1}, {"n": True}) == [Change("changed", "n", 1, True)]
    assert diff_json({"n": 1}, {"n": 1.0}) == [Change("changed", "n", 1, 1.0)]
