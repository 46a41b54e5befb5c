"""The relay's ordering rules as a pure part: a fake clock, no I/O, milliseconds per test."""

from __future__ import annotations

import pytest

from runner.relay.ordering import Ordering
from runner.relay.store.base import DELIVERED, PENDING, QUEUED, RETRYING, Delivery


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def order(clock):
    return Ordering(["a.js", "b.js"], order_grace_s=30.0, hostile_memory_s=60.0, clock=clock)


def delivery(
    did: int,
    *,
    endpoint: str = "a.js",
    customer: str = "cus_1",
    person: str | None = "p1",
    status: str = QUEUED,
    at: float = 0.0,
) -> Delivery:
    return Delivery(
        did,
        did,
        f"msg_{did}",
        "payment.succeeded",
        endpoint,
        0.0,
        status=status,
        person=person if status != PENDING else None,
        customer=customer,
        next_attempt_at=at,
    )


def ids(ds) -> list[int]:
    return [d.id for d in ds]


def test_one_person_goes_in_acceptance_order_even_while_the_first_retries(order, clock):
    second, first = delivery(2), delivery(1)
    order.admit(second)
    order.admit(first)  # resumed out of order: id order is acceptance order
    assert ids(order.due(10)) == [1]
    assert order.due(10) == [], "in flight: nothing else of that person may go"
    first.status, first.next_attempt_at = RETRYING, clock.now + 5
    order.settled(first)
    assert order.due(10) == [] and order.waiting_behind(second) == 1
    clock.now += 5
    assert ids(order.due(10)) == [1]
    first.status = DELIVERED
    order.settled(first)
    assert ids(order.due(10)) == [2]


def test_other_people_do_not_wait_and_limit_caps_a_batch(order):
    for i in range(1, 6):
        order.admit(delivery(i, person=f"p{i}"))
    assert ids(order.due(3)) == [1, 2, 3]
    assert ids(order.due(3)) == [4, 5]
    assert order.in_flight == {1, 2, 3, 4, 5}


def test_a_request_waits_for_an_older_transform_of_the_same_customer(order, clock):
    older = delivery(1, endpoint="b.js", status=PENDING)
    assert order.admit(older) is True, "pending: must be transformed first"
    newer = delivery(2, endpoint="a.js")
    assert order.admit(newer) is False
    assert order.due(10) == []
    older.status, older.person, older.next_attempt_at = QUEUED, "p1", clock.now
    order.transformed(older)
    assert ids(order.due(10)) == [1], "the older one, now known to be the same person, goes first"
    assert order.due(10) == []


def test_the_wait_for_an_older_transform_is_bounded_by_the_grace(order, clock):
    order.admit(delivery(1, endpoint="b.js", status=PENDING))
    order.admit(delivery(2, endpoint="a.js", person="p2"))
    assert order.due(10) == []
    clock.now += 29.9
    assert order.due(10) == []
    clock.now += 0.2
    assert ids(order.due(10)) == [2]


def test_a_hostile_endpoint_is_not_waited_for(order, clock):
    bomb = delivery(1, endpoint="b.js", status=PENDING, customer="cus_1")
    order.admit(bomb)
    bomb.status = "transform_error"
    order.transformed(bomb, hostile=True)
    order.admit(delivery(2, endpoint="b.js", status=PENDING, customer="cus_2"))  # b.js still has work for cus_2
    order.admit(delivery(3, endpoint="b.js", status=PENDING, customer="cus_3"))
    order.admit(delivery(4, endpoint="a.js", customer="cus_3", person="p3"))
    assert ids(order.due(10)) == [4], "b.js ran out of time recently: its pending transforms hold nobody up"
    clock.now += 61
    order.admit(delivery(5, endpoint="b.js", status=PENDING, customer="cus_4"))
    order.admit(delivery(6, endpoint="a.js", customer="cus_4", person="p4"))
    assert order.due(10) == [], "the hostility is forgotten after a while"


def test_an_operator_copy_replaces_a_held_one_but_not_one_in_flight(order):
    old = delivery(1)
    order.admit(old)
    fresh = delivery(1)
    order.admit(fresh)
    assert not order.holds(old) and order.holds(fresh)
    assert order.due(10) == [fresh]
    again = delivery(1)
    order.admit(again)
    assert order.holds(fresh) and not order.holds(again), "an attempt in flight decides; the copy is ignored"
    order.release([1])
    assert order.due(10) == [fresh], "released without an outcome: due again"


def test_dropping_the_head_lets_the_next_of_the_person_go(order):
    order.admit(delivery(1))
    order.admit(delivery(2))
    order.drop(1)  # e.g. its lease went to another relay
    assert ids(order.due(10)) == [2]


def test_unknown_endpoints_are_left_alone(order):
    assert order.admit(delivery(1, endpoint="gone.js", status=PENDING)) is False
    assert order.open == {} and order.next_due() is None


def test_a_send_the_store_held_back_is_due_again_later_and_still_heads_its_person(order, clock):
    first, second = delivery(1), delivery(2)
    order.admit(first)
    order.admit(second)
    assert ids(order.due(10)) == [1]
    order.hold_back(first, clock.now + 1)  # another relay holds an earlier delivery of this person
    assert order.due(10) == [] and 1 not in order.in_flight
    assert order.waiting_behind(second) == 1, "the later one still waits behind it"
    clock.now += 1
    assert ids(order.due(10)) == [1]
    order.hold_back(first, clock.now + 1)
    order.hold_back(first, clock.now)  # woken early: the peer finished; the later entry goes stale
    assert ids(order.due(10)) == [1]
    clock.now += 1
    assert order.due(10) == [], "no second copy from the stale entry"
