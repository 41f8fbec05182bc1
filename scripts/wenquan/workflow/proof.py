"""The full audit's one pass: each dossier's records as the chain of its wenquan commits proves them.

`git log` of every commit's message, and nothing else of each commit, gives each dossier's chain: the commits
whose trailers name it (`Dossier:`; put in chains at a glance, `Chains`), oldest first. No commit's tree is
compared with its parent's: with a thousand dossiers in one folder, git's own diff of the trees costs some
thirty times the log itself. The chain is replayed from the empty record:

- a transition from its trailers alone: `Transition`, `Event`, `Actor`, `Notice-*`, `Certificate`, `Deadline`,
  `Ground` and the commit's date are everything `wenquan advance` records, a `--note` aside;
- every other operation (objection, decision, report, self-check, spot check, panel, inspection, score) from the
  record it committed and the inputs of the time, judged exactly as the commit-by-commit replay judges it.

What the chain yields must be HEAD's records: the text wenquan would write for them (`records.plain_text`) has
HEAD's blob id, or, where that text is not the plain subset, HEAD's parsed record is equal to it. So every
fact in HEAD's records is one some legal sequence of recorded operations produced, on the recorded dates, with
the notice periods the calendar gives.

A dossier whose chain does not yield HEAD's records (a hand edit, a forged or amended commit, a transition with
a note) is proven again with each transition whose trailers do not give the event HEAD shows replayed from
what it committed, and if that fails too it is left to the commit-by-commit replay, which names the commit, the field and the values. An edit made in history and undone
before HEAD leaves no fact behind; the commit-by-commit replay (`wenquan audit --deep`, and `--since` for each
pull request) reports such edits too.
"""

from __future__ import annotations

import copy
import gc
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wenquan import lifetime, workers
from wenquan.store import trees as gittrees
from wenquan.store.log import LoggedCommit, trailers_of
from wenquan.store.writer import Git
from wenquan.workflow import effects, frozen, records
from wenquan.workflow.audit_reads import LOG
from wenquan.workflow.replay import RECORDS, _Replay, check_transition, historical, inputs, replay_commit
from wenquan.workflow.states import ALLOWED

Content = Callable[[str], Any]


@dataclass
class Proof:
    """What the pass proved: the dossiers whose HEAD records it could prove, and those it could not."""

    proven: dict[str, list[dict[str, Any]]]  # each proven dossier: the notices its workflow froze (frozen.recorded)
    unproven: set[str]
    reread: set[str]  # proven only in the second pass (a transition with a note replayed from what it committed)


class Chains:
    """Each dossier's wenquan commits, oldest first, from `git log` (LOG) of the messages.

    A commit is put in the chain its last `Dossier: ` line names, at a glance and still as bytes; it is decoded
    and read whole (`trailers_of`) while git is still writing the log where there is time (`read_ahead`), else
    when its chain is asked for, in whichever process replays it. There a commit whose trailers name another
    dossier, or none (a hand-made message), makes the chain unreadable: that dossier is left to the
    commit-by-commit replay; so is one whose name the glance found written two ways (spaces or bytes that
    decode alike). A commit the glance leaves out (a `Dossier` trailer behind spaces)
    leaves its chain shorter, and a shorter chain proves HEAD's records only where they are what its commits
    produce."""

    def __init__(self, log: bytes = b"") -> None:
        self._routed: dict[bytes, list[bytes | LoggedCommit]] = {}
        self._ahead: list[bytes] = []  # the names whose entries `read_ahead` has still to read
        self._parsed: dict[bytes, int] = {}  # how many of each name's first entries `read_ahead` read
        self._rest = b""
        self._raw: dict[str, list[bytes | LoggedCommit] | None] = {}
        self._unread: dict[str, int] = {}  # how many of each chain's entries are still bytes
        if log:
            self.feed(log)
            self.close()

    def feed(self, piece: bytes) -> None:
        """The next piece of the log, as git writes it (`Git.pieces`): its whole entries are put in chains (the
        piece is split where it is, not first joined to what is left of the last one)."""
        entries = piece.split(b"\x1e")
        entries[0] = self._rest + entries[0]
        self._rest = entries.pop()
        self._route(entries)

    def read_ahead(self) -> bool:
        """Read some of the commits put in chains so far, while git is still writing the rest (`Git.pieces`'s
        `idle`): each is then read once, here, before the workers are forked. Whether some are left to read."""
        for _ in range(64):
            if not self._ahead:
                return False
            name = self._ahead.pop()
            entries = self._routed[name]
            entries[:] = [_commit(e) for e in entries]
            self._parsed[name] = len(entries)
        return bool(self._ahead)

    def close(self) -> None:
        """The log has ended: the chains are complete, oldest first."""
        self._route([self._rest])
        for name, entries in self._routed.items():
            dossier_id = name.decode("utf-8", "replace").strip()
            if dossier_id:
                entries.reverse()
                self._raw[dossier_id] = None if dossier_id in self._raw else entries
                self._unread[dossier_id] = len(entries) - self._parsed.get(name, 0)
        self._routed, self._ahead, self._parsed, self._rest = {}, [], {}, b""

    def _route(self, entries: list[bytes]) -> None:
        """Each of these entries of the log (newest first) to the list of the name on its last `Dossier: ` line."""
        routed, ahead = self._routed, self._ahead
        for entry in entries:
            at = entry.rfind(b"\nDossier: ") + 10
            if at >= 10:
                end = entry.find(b"\n", at)
                dossier = entry[at:end if end >= 0 else len(entry)]
                if dossier in routed:
                    routed[dossier].append(entry)
                else:
                    routed[dossier] = [entry]
                    ahead.append(dossier)

    def ids(self) -> set[str]:
        return set(self._raw)

    def work(self, dossier_id: str) -> int:
        """What judging the dossier is expected to cost (`_READ`, `_REPLAY`, `_RECORDS`): its commits still to be
        read, its commits to replay, its records to write; an unreadable chain costs nothing to find so."""
        entries = self._raw.get(dossier_id, [])
        if entries is None:
            return 1
        return _RECORDS + _REPLAY * len(entries) + _READ * self._unread.get(dossier_id, 0)

    def get(self, dossier_id: str) -> list[LoggedCommit] | None:
        """The dossier's chain, oldest first ([] where it has none); None where a commit put in it has trailers
        that do not name it. Read anew at each call (but for what `read_ahead` read) and kept by the caller only
        as long as it needs it: the first pass keeps a run's chains for that run, so that the next run's are made
        in the memory they leave, not in new pages (kept all, the chains of 20 000 commits took some 4 000 pages,
        each of which costs the system's time)."""
        entries = self._raw.get(dossier_id, [])
        if entries is None:
            return None
        chain = [_commit(e) for e in entries]
        return chain if all(c.trailers.get("Dossier") == dossier_id for c in chain) else None


# What the first pass costs, in proportion: reading a commit still in bytes, replaying a commit, writing and
# hashing a dossier's records (measured over 20 000 commits on a two-core machine). The pass is cut into runs of
# equal work that the processes take in turn (`workers.in_processes`), however much `read_ahead` has read: it
# reads the chains seen last first. A commit it read costs a child more than its replay, for the pages of it
# the child touches are copied then.
_READ, _REPLAY, _RECORDS = 3, 3, 14


# A transition as `wenquan advance` writes it with no optional trailer (workflow/advance.py), one entry of the log
# (audit_reads.LOG): one parent, a subject, a blank line, then exactly the trailers Dossier, Transition, Event and
# Actor, each value words with single spaces between: every transition but those into 公示, 整改 and 撤销, from
# 公示 into 命名, and those made under --today or from a forge comment, which carry more trailers. One match reads
# it, with the very trailers the general rule (`trailers_of`) reads in it (tested on every single change of its
# lines); any other entry is read by that rule.
_ID = "[0-9a-f]{40}(?:[0-9a-f]{24})?"  # SHA-1 or SHA-256
_WORDS = r"\S+(?: \S+)*"
_PLAIN_TRANSITION = re.compile(rf"({_ID})\x1f({_ID})\x1f([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})\x1f\S[^\n]*\n\n"
                               rf"Dossier: ({_WORDS})\nTransition: (\S+ -> \S+)\nEvent: ([0-9]+)\nActor: ({_WORDS})\n*")


def _commit(entry: bytes | LoggedCommit) -> LoggedCommit:
    """One entry of the log (audit_reads.LOG) read whole, or the commit `Chains.read_ahead` read from it."""
    if isinstance(entry, LoggedCommit):
        return entry
    text = entry.decode("utf-8", "replace")
    plain = _PLAIN_TRANSITION.fullmatch(text)
    if plain is not None:
        sha, parent, date, dossier, transition, event, actor = plain.groups()
        return LoggedCommit(sha, (parent,), date, {"Dossier": dossier, "Transition": transition, "Event": event, "Actor": actor}, ())
    sha, parents, date, body = text.split("\x1f", 3)
    return LoggedCommit(sha, tuple(parents.split()), date, trailers_of(body), ())


def _kind(c: LoggedCommit) -> str | None:
    """Which record a chain commit writes, or None for a wenquan commit that writes none."""
    if "Record" in c.trailers:
        return "review"
    if "Event" in c.trailers:
        return "workflow"
    return None


_OPTIONAL = frozenset(("Notice-Start", "Certificate", "Deadline", "Ground"))  # what a transition's event may add


def _from_trailers(c: LoggedCommit) -> dict[str, Any] | None:
    """The transition event `wenquan advance` recorded, as its trailers give it (None: they do not say)."""
    t = c.trailers
    source, arrow, target = t.get("Transition", "").partition(" -> ")
    number = t.get("Event", "")
    if not arrow or not number.isdigit() or "Actor" not in t:
        return None
    event: dict[str, Any] = {"seq": int(number), "kind": "transition", "date": c.date, "actor": t["Actor"],
                             "from": None if source == "-" else source, "to": target}
    if _OPTIONAL.isdisjoint(t):  # most transitions: nothing more to look for
        return event
    if "Notice-Start" in t:
        event["notice"] = {"start": t["Notice-Start"], "end": t.get("Notice-End")}
        if "Notice-SHA256" in t:
            event["notice"].update({"text": frozen.relative(t["Notice-Start"]), "sha256": t["Notice-SHA256"]})
    for key, name in (("Certificate", "certificate"), ("Deadline", "deadline"), ("Ground", "ground")):
        if key in t:
            event[name] = t[key]
    return event


def replay_chain(dossier_id: str, chain: list[LoggedCommit] | None, content: Content, calendar: Any,
                 committed: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """The records the chain yields, or None where a commit is not what wenquan writes. Transitions come from
    their trailers, but for the commits in `committed`, which are replayed from their committed record (a chain
    of None: one `Chains.get` could not read)."""
    if chain is None:
        return None
    expected: dict[str, Any] = {"workflow": None, "review": None}
    owned = False  # whether expected["workflow"] is this replay's own copy, to change in place
    for c in chain:
        t = c.trailers  # _kind and _by_trailers, written out: this loop runs once for every commit in history
        if "Record" in t:
            kind = "review"
        elif "Event" in t:
            kind = "workflow"
        else:
            continue
        if len(c.parents) > 1:
            return None
        if kind == "workflow" and "Transition" in t and c.sha not in committed:
            before = expected["workflow"]
            event = _from_trailers(c)
            if event is None or event["seq"] != len((before or {}).get("events") or []) + 1:
                return None
            if not _plainly_allowed(before, event, t):
                r = _Replay(c, dossier_id, expected, expected, historical(c, dossier_id, content) if event["to"] == "公示" else {}, calendar)
                check_transition(r, before, event)
                if r.findings:
                    return None
            if not owned:
                expected["workflow"] = copy.deepcopy(before) if before is not None else effects.new_workflow(dossier_id)
                owned = True
            effects.apply_transition(expected["workflow"], event)
            continue
        after = {**expected, kind: content(f"{c.sha}:dossiers/{dossier_id}/{kind}.yaml")}
        if replay_commit(c, dossier_id, [kind], dict(expected), after, historical(c, dossier_id, content), calendar):
            return None
        expected, owned = after, owned and kind != "workflow"
    return expected


def _plainly_allowed(before: dict[str, Any] | None, event: dict[str, Any], trailers: dict[str, str]) -> bool:
    """Whether `check_transition` surely finds nothing in this event read from these trailers, seen without it:
    it leaves the state the record was in for one that state allows, it is not a notice (公示: its period is
    counted on the calendar), and no notice trailer stands without `Notice-Start`. The trailers it compares
    with the event are then the event's own (tested against `check_transition`)."""
    state = (before or {}).get("state")
    return (event["from"] == state and event["to"] != "公示" and event["to"] in ALLOWED.get(state, ())
            and ("Notice-Start" in trailers or ("Notice-End" not in trailers and "Notice-SHA256" not in trailers)))


def _by_trailers(c: LoggedCommit) -> bool:
    return "Transition" in c.trailers and "Record" not in c.trailers and "Event" in c.trailers


def _needed(chains: list[tuple[str, list[LoggedCommit] | None]], committed: frozenset[str] = frozenset()) -> list[str]:
    """What replaying these chains (each dossier's, `Chains.get`) reads: the inputs of the time, and the committed
    record of each commit that is not a transition replayed from its trailers."""
    names: list[str] = []
    for dossier_id, chain in chains:
        for c in chain or []:
            if c.sha not in committed and _by_trailers(c) and not c.trailers["Transition"].endswith("公示"):
                continue  # replayed from its trailers alone, reading nothing
            kind = _kind(c)
            if kind is None:
                continue
            names += inputs(c, [dossier_id])
            if c.sha in committed or not _by_trailers(c):
                names.append(f"{c.sha}:dossiers/{dossier_id}/{kind}.yaml")
    return names


def _unlike_head(chain: list[LoggedCommit], head: Any) -> frozenset[str]:
    """The transitions whose trailers do not give the event HEAD's record has under their number (a `--note`,
    or an event changed since): the second pass replays these from what they committed. HEAD only says where
    to look; what is proven comes from the commits."""
    events = {e.get("seq"): e for e in head.get("events") or [] if isinstance(e, dict)} if isinstance(head, dict) else {}
    unlike = set()
    for c in (c for c in chain if _by_trailers(c)):
        event = _from_trailers(c)
        if event is None or events.get(event["seq"]) != event:
            unlike.add(c.sha)
    return frozenset(unlike)


def prove(git: Git, read: Callable[[list[str]], Content], calendar: Any, heads: dict[tuple[str, str], str],
          meanwhile: Callable[[], None] = lambda: None) -> Proof:
    """Every dossier with records in HEAD (`heads`: their blob ids, `head_records`) or wenquan commits in history:
    proven, or not. The first pass over thousands of chains is shared with a forked child for each other CPU
    (`workers.in_processes`); `meanwhile` is the caller's other work, which this process does while the children
    start on the chains.

    Python's cycle collector is paused meanwhile: the pass makes some hundred thousand small objects, none of them
    in a cycle, and the collector would walk all of them again each time their number grows (about 0.03 s in
    an audit of 20 000 commits)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _prove(git, read, calendar, heads, meanwhile)
    finally:
        if collecting:
            gc.enable()


def _prove(git: Git, read: Callable[[list[str]], Content], calendar: Any, heads: dict[tuple[str, str], str],
           meanwhile: Callable[[], None]) -> Proof:
    chains_ = Chains()
    for piece in git.pieces(git.spooled(*LOG), chains_.read_ahead):
        chains_.feed(piece)
    chains_.close()
    ids = sorted({d for d, _ in heads} | chains_.ids())

    def first_pass(some: list[str]) -> list[tuple[bool | None, list[dict[str, Any]]]]:
        """Each dossier's verdict (None: its records are beyond the plain subset, to compare parsed) and, where
        it is proven, the notices its workflow froze: all the audit reads of a proven record."""
        out: list[tuple[bool | None, list[dict[str, Any]]]] = []
        chains = [(dossier_id, chains_.get(dossier_id)) for dossier_id in some]  # this run's only (Chains.get)
        content = read(_needed(chains))
        for dossier_id, chain in chains:
            expected = replay_chain(dossier_id, chain, content, calendar)
            same = [_same_text(heads.get((dossier_id, k)), expected[k], k) for k in RECORDS] if expected is not None else [False]
            verdict = True if all(same) else False if False in same else None
            out.append((verdict, frozen.recorded(expected["workflow"]) if verdict and expected else []))
        return out

    proven: dict[str, list[dict[str, Any]]] = {}
    unsure: list[str] = []
    parsed_at_head: list[str] = []
    for dossier_id, (verdict, notices) in zip(ids, workers.in_processes(first_pass, ids, [chains_.work(d) for d in ids], meanwhile=meanwhile), strict=True):
        if verdict:
            proven[dossier_id] = notices
        else:
            (unsure if verdict is False else parsed_at_head).append(dossier_id)

    def at_head(dossier_id: str, chain: list[LoggedCommit] | None, content: Content,
                committed: frozenset[str] = frozenset()) -> list[dict[str, Any]] | None:
        """The notices the chain's workflow froze, where the records it yields are HEAD's, parsed; else None."""
        expected = replay_chain(dossier_id, chain, content, calendar, committed)
        if expected is None or any(content(f"HEAD:dossiers/{dossier_id}/{k}.yaml") != expected[k] for k in RECORDS):
            return None
        return frozen.recorded(expected["workflow"])

    if parsed_at_head:
        content = read([f"HEAD:dossiers/{d}/{k}.yaml" for d in parsed_at_head for k in RECORDS])
        for dossier_id in parsed_at_head:
            found = at_head(dossier_id, chains_.get(dossier_id), content)
            if found is None:
                unsure.append(dossier_id)
            else:
                proven[dossier_id] = found
    unproven: set[str] = set()
    reread: set[str] = set()
    if unsure:  # again, each transition HEAD's record does not show as its trailers give it replayed from what it committed
        content = read([f"HEAD:dossiers/{d}/{k}.yaml" for d in unsure for k in RECORDS])
        chains = [(d, chains_.get(d)) for d in unsure]  # each read once, for the three steps below
        committed = {d: _unlike_head(chain or [], content(f"HEAD:dossiers/{d}/workflow.yaml")) for d, chain in chains}
        content = read(_needed(chains, frozenset().union(*committed.values())))
        for dossier_id, chain in chains:
            found = at_head(dossier_id, chain, content, committed[dossier_id])
            if found is None:
                unproven.add(dossier_id)
            else:
                proven[dossier_id] = found
                reread.add(dossier_id)
    lifetime.keep((chains_, read))  # a process that ends without teardown never frees the parsed history
    return Proof(proven, unproven, reread)


def _same_text(head: str | None, expected: dict[str, Any] | None, kind: str) -> bool | None:
    """Whether HEAD's blob is the text wenquan writes for `expected`; None where that text is beyond the plain
    subset `records.plain_text` writes (the record is then compared parsed)."""
    if expected is None or head is None:
        return expected is None and head is None
    written = records.plain_text(kind, expected)
    if written is None:
        return None
    return gittrees.object_id("blob", written.encode("utf-8"), len(head)) == head
