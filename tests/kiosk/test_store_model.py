"""Random sequences of barista actions, purges and crashes against a model of the rules.

The model is the documented behaviour: the transition table, images deleted on serve or
cancel or after the retention time (not while printing), PRINTING becomes INTERRUPTED after
a crash and nothing else changes by itself.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
)
from kiosk_fakes import make_mask

from kiosk.orders.model import OrderState, TransitionError, can_transition
from kiosk.orders.store import OrderStore, PrintResult

S = OrderState
MASK = make_mask(5)
RETENTION = timedelta(minutes=120)


class StoreMachine(RuleBasedStateMachine):
    orders = Bundle("orders")
    jobs = Bundle("jobs")

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="store-model-"))
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
        self.state: dict[int, OrderState] = {}
        self.images: dict[int, bool] = {}
        self.created: dict[int, datetime] = {}
        self.open_jobs: dict[int, int] = {}  # job id -> order id
        self.latest_job: dict[int, int] = {}  # order id -> its newest job id
        self.store = self._open()

    def _open(self) -> OrderStore:
        store = OrderStore(self.dir / "o.sqlite3", clock=lambda: self.now,
                           retention_minutes=RETENTION.total_seconds() / 60)
        # Durability is tested elsewhere with real crashes; here fsyncs only cost time.
        store._db.query("PRAGMA synchronous=OFF")
        return store

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _moved(self, order_id: int, new: OrderState) -> None:
        self.state[order_id] = new
        if new.is_terminal:
            self.images[order_id] = False

    @rule(target=orders, lang=st.sampled_from(["ko", "en"]))
    def create(self, lang: str) -> int:
        order = self.store.create_order(drink_id="latte", mask=MASK, preview=None, lang=lang)
        self.state[order.id] = S.QUEUED
        self.images[order.id] = True
        self.created[order.id] = self.now
        return order.id

    @rule(order_id=orders, new=st.sampled_from(list(OrderState)))
    def transition(self, order_id: int, new: OrderState) -> None:
        current = self.state[order_id]
        try:
            self.store.transition(order_id, new)
        except TransitionError:
            assert not can_transition(current, new)
        else:
            assert can_transition(current, new)
            self._moved(order_id, new)

    @rule(target=jobs, order_id=orders)
    def begin_print(self, order_id: int):
        current = self.state[order_id]
        try:
            _, job = self.store.begin_print(order_id)
        except TransitionError:
            assert not can_transition(current, S.PRINTING)
            return -1
        self._moved(order_id, S.PRINTING)
        for old in [j for j, o in self.open_jobs.items() if o == order_id]:
            del self.open_jobs[old]  # superseded: closed by the store
        self.open_jobs[job.id] = order_id
        self.latest_job[order_id] = job.id
        return job.id

    @rule(job_id=consumes(jobs), result=st.sampled_from(list(PrintResult)))
    def finish_print(self, job_id: int, result: PrintResult) -> None:
        if job_id not in self.open_jobs:
            return  # never started, or closed by a crash recovery
        order_id = self.open_jobs.pop(job_id)
        self.store.finish_print(job_id, result)
        if self.state[order_id] is S.PRINTING and self.latest_job[order_id] == job_id:
            self._moved(order_id, result.order_state)

    @rule(minutes=st.integers(0, 150))
    def time_passes_and_purge(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)
        self.store.purge()
        for oid, created in self.created.items():
            if self.state[oid].is_terminal or (
                created < self.now - RETENTION and self.state[oid] is not S.PRINTING
            ):
                self.images[oid] = False

    @rule()
    def crash_and_restart(self) -> None:
        self.store.close()  # as if the process died: PRINTING orders stay PRINTING
        self.store = self._open()
        printing = sorted(o for o, s in self.state.items() if s is S.PRINTING)
        assert self.store.recovered == tuple(printing)
        for oid in printing:
            self.state[oid] = S.INTERRUPTED
        self.open_jobs.clear()

    @invariant()
    def open_jobs_match(self) -> None:
        for job_id, order_id in self.open_jobs.items():
            job = next(j for j in self.store.print_jobs(order_id) if j.id == job_id)
            assert job.finished_at is None

    @invariant()
    def store_matches_model(self) -> None:
        queue = self.store.list_queue()
        assert [o.id for o in queue] == sorted(
            o for o, s in self.state.items() if not s.is_terminal)
        for oid, state in self.state.items():
            order = self.store.get(oid)
            assert order.state is state
            assert order.has_images == self.images[oid]
            assert (self.store.get_mask(oid) is not None) == self.images[oid]


TestStoreModel = StoreMachine.TestCase
TestStoreModel.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
