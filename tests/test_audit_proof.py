"""The full audit in one pass over the commit messages (issue 20, goal 2): every dossier's records proven from
the chain of its wenquan commits, and every way of altering them left to the commit-by-commit replay, which
names the commit and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import bench_script, data_copy, git, shipped_copy
from wenquan.store.log import LoggedCommit, trailer_paragraph, trailers_by_line, trailers_of
from wenquan.store.writer import Git
from wenquan.workflow import effects, frozen, head_records, proof, records
from wenquan.workflow.audit import _calendar
from wenquan.workflow.audit_reads import LOG
from wenquan.workflow.replay import _Replay, check_transition, reader
from wenquan.workflow.states import ALLOWED
from workflow_helpers import ID, ok, to_notice, wq

WORKFLOW = f"dossiers/{ID}/workflow.yaml"


def _prove(root: Path) -> proof.Proof:
    g = Git(root)
    return proof.prove(g, reader(g), _calendar(root), head_records.of(g).blobs)


def _replayed(root: Path, dossier_id: str, reread: set[str] | frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """The records the dossier's chain yields (a dossier proven in the second pass: with its transitions that
    carry a note replayed from what they committed, as `prove` does)."""
    g = Git(root)
    chains = proof.Chains(g.collect(g.spooled(*LOG)))
    chain = chains.get(dossier_id)
    assert chain
    committed = frozenset(c.sha for c in chain if "note" in (_event_at_head(root, dossier_id, c) or {})) if dossier_id in reread else frozenset()
    content = reader(g)(proof._needed([(dossier_id, chain)], committed))
    return proof.replay_chain(dossier_id, chain, content, _calendar(root), committed)


def _event_at_head(root: Path, dossier_id: str, c: Any) -> dict[str, Any] | None:
    event = c.trailers.get("Event")
    events = (_records(root, dossier_id)["workflow"] or {}).get("events") or []
    return next((e for e in events if str(e.get("seq")) == event), None)


def _records(root: Path, dossier_id: str) -> dict[str, Any]:
    out = {}
    for kind in ("workflow", "review"):
        path = root / "dossiers" / dossier_id / f"{kind}.yaml"
        out[kind] = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return out


def _noted(record: dict[str, Any] | None) -> bool:
    return any("note" in e for e in (record or {}).get("events") or [] if e.get("kind") == "transition")


def test_the_shipped_histories_are_proven_in_one_pass(tmp_path: Path) -> None:
    root = shipped_copy(tmp_path / "repo")
    result = _prove(root)
    ids = sorted(p.parent.name for p in (root / "dossiers").glob("*/workflow.yaml"))
    assert len(ids) == 4 and sorted(result.proven) == ids and not result.unproven
    for dossier_id in ids:
        assert _replayed(root, dossier_id, result.reread) == _records(root, dossier_id)
        assert result.proven[dossier_id] == frozen.recorded(_records(root, dossier_id)["workflow"])
    # only a transition with a --note (its trailers do not carry it) is read back from what it committed
    assert result.reread == {i for i in ids if _noted(_records(root, i)["workflow"])}


def test_every_operation_is_proven_and_transitions_come_from_their_trailers(git_repo: Path) -> None:
    to_notice(git_repo)
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "可采量偏高", "--channel", "邮件", "--objector", "某公司")
    ok(git_repo, "resolve", ID, "1", "--decision", "不成立", "--note", "有备案依据", "--date", "2026-05-06")
    ok(git_repo, "advance", ID, "命名", "--date", "2026-05-11")
    for target, day in (("申报", "2026-03-02"), ("推荐", "2026-03-10"), ("撤回", "2026-03-20")):
        ok(git_repo, "advance", "henan-kaifeng", target, "--date", day)
    ok(git_repo, "advance", "jiangxi-wentang", "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", "jiangxi-wentang", "推荐", "--date", "2026-03-10", "--note", "经审核，同意推荐")
    result = _prove(git_repo)
    assert sorted(result.proven) == [ID, "henan-kaifeng", "jiangxi-wentang"] and not result.unproven
    assert result.reread == {"jiangxi-wentang"}
    for dossier_id in result.proven:
        assert _replayed(git_repo, dossier_id, result.reread) == _records(git_repo, dossier_id)
        assert result.proven[dossier_id] == frozen.recorded(_records(git_repo, dossier_id)["workflow"])
    assert result.proven[ID]  # its frozen notice, for the audit to check
    ok(git_repo, "audit")


def _forge(root: Path, target: str, day: str, seq: int | None = None, merge: bool = False) -> None:
    """A commit made by hand exactly as wenquan would write it, trailers and all, for a transition it would refuse
    (or numbered `seq`, or made as a merge of a side branch)."""
    path = root / WORKFLOW
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    event = effects.event(before, "transition", day, "某人", **{"from": before["state"], "to": target})
    event["seq"] = seq or event["seq"]
    if merge:
        git(root, "checkout", "-q", "-b", "side")
        (root / "site" / "side.md").write_text("旁支\n", encoding="utf-8")
        git(root, "add", "site/side.md")
        git(root, "commit", "-qm", "旁支")
        git(root, "checkout", "-q", "main")
        git(root, "merge", "-q", "--no-ff", "--no-commit", "side")
    path.write_text(records.dump("workflow", effects.transition(before, ID, event)), encoding="utf-8")
    git(root, "commit", "-q", "-a", "--date", f"{day}T12:00:00+08:00", "-m",
        f"{target}: 伪造\n\nDossier: {ID}\nTransition: {before['state']} -> {target}\nEvent: {event['seq']}\nActor: 某人\n")


def _hand_edit(root: Path) -> None:
    path = root / WORKFLOW
    path.write_text(path.read_text(encoding="utf-8").replace("date: '2026-03-10'", "date: '2026-03-05'"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "手工改日期")


def _note_added_in_an_amend(root: Path) -> None:
    """The last wenquan commit amended to add a note to an earlier event, its message and trailers kept."""
    path = root / WORKFLOW
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["events"][0]["note"] = "补记的说明"
    path.write_text(records.dump("workflow", data), encoding="utf-8")
    git(root, "commit", "-q", "-a", "--amend", "--no-edit")


def _record_deleted(root: Path) -> None:
    git(root, "rm", "-q", WORKFLOW)
    git(root, "commit", "-qm", "删除记录")


def _actor_forged(root: Path) -> None:
    message = git(root, "log", "-1", "--format=%B")
    git(root, "commit", "-q", "--amend", "-m", message.replace("Actor: ", "Actor: 别人"))


@pytest.mark.parametrize(("tamper", "says"), [
    (_hand_edit, "没有 wenquan 的尾注"),
    (lambda root: _forge(root, "命名", "2026-03-11"), "不能进入“命名”"),
    (lambda root: _forge(root, "考察", "2026-03-11", seq=5), "应为事件 3"),
    (lambda root: _forge(root, "考察", "2026-03-11", merge=True), "合并提交改动了 workflow.yaml"),
    (_note_added_in_an_amend, "事件 1.note 记录为“补记的说明”"),
    (_record_deleted, "没有 wenquan 的尾注"),
    (_actor_forged, "尾注“Actor: 别人"),
])
def test_an_altered_record_is_not_proven_and_the_replay_names_it(git_repo: Path, tamper: Any, says: str) -> None:
    ok(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    tamper(git_repo)
    result = _prove(git_repo)
    assert result.unproven == {ID} and "henan-kaifeng" in result.proven
    out = wq(git_repo, "audit")
    assert out.exit_code == 1 and says in out.stdout, out.output
    assert "henan-kaifeng" not in out.stdout


def test_a_commit_whose_lines_say_one_dossier_and_trailers_another_proves_nothing_false(git_repo: Path) -> None:
    """Commits are put in chains at a glance (the last line that starts `Dossier: `) and read whole later. A hand
    edit whose body names another dossier on such a line, and whose trailer names its own behind spaces, is
    glanced into the wrong chain: that chain cannot be read (that dossier is replayed, and found sound), and the
    edited dossier's chain lacks the commit, so its record is not proven and the replay names the edit."""
    ok(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    path = git_repo / WORKFLOW
    path.write_text(path.read_text(encoding="utf-8").replace("date: '2026-03-10'", "date: '2026-03-05'"), encoding="utf-8")
    git(git_repo, "commit", "-q", "-am", f"改日期\n\n见\nDossier: henan-kaifeng\n\n  Dossier: {ID}\nTransition: 申报 -> 推荐\nEvent: 2\nActor: 某人")
    g = Git(git_repo)
    chains = proof.Chains(g.collect(g.spooled(*LOG)))
    assert chains.get("henan-kaifeng") is None and [c.trailers["Event"] for c in chains.get(ID) or []] == ["1", "2"]
    result = _prove(git_repo)
    assert result.unproven == {ID, "henan-kaifeng"}
    out = wq(git_repo, "audit")
    assert out.exit_code == 1 and "事件 2.date" in out.stdout, out.output
    assert "henan-kaifeng" not in out.stdout


def test_a_dossier_named_two_ways_at_a_glance_is_left_to_the_replay(git_repo: Path) -> None:
    """The glance reads names as bytes; one written with a trailing ideographic space decodes to the same name
    once stripped. Which commits belong to that chain is then not read at a glance: the dossier is replayed."""
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    git(git_repo, "commit", "-q", "--allow-empty", "-m", f"说明\n\nDossier: {ID}\u3000")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    g = Git(git_repo)
    assert proof.Chains(g.collect(g.spooled(*LOG))).get(ID) is None
    assert _prove(git_repo).unproven == {ID}
    ok(git_repo, "audit")


@pytest.mark.parametrize("cuts", [[1], [7, 300, 301, 2000], list(range(0, 6000, 97)), [5999]])
def test_chains_read_from_pieces_with_commits_read_ahead_are_the_chains_of_the_whole_log(git_repo: Path, cuts: list[int]) -> None:
    """The audit puts commits in chains as git writes the log (`Chains.feed`) and reads some ahead between the
    pieces (`read_ahead`): wherever the pieces end, even inside an entry, the chains are those of the whole log."""
    ok(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-03-02")
    for target, date in (("申报", "2026-03-02"), ("推荐", "2026-03-10"), ("撤回", "2026-03-12")):
        ok(git_repo, "advance", ID, target, "--date", date)
    g = Git(git_repo)
    log = g.collect(g.spooled(*LOG))
    whole = proof.Chains(log)
    pieced = proof.Chains()
    at = 0
    for cut in [c for c in cuts if c < len(log)] + [len(log)]:
        pieced.feed(log[at:cut])
        at = cut
        pieced.read_ahead()
    pieced.close()
    assert pieced.ids() == whole.ids() == {ID, "henan-kaifeng"}
    for i in whole.ids():  # the work to judge each: what read_ahead left to read counts, what it read does not
        unread = sum(isinstance(e, bytes) for e in pieced._raw[i] or [])
        assert pieced.work(i) == proof._RECORDS + proof._REPLAY * len(pieced._raw[i] or []) + proof._READ * unread
        assert whole.work(i) == proof._RECORDS + (proof._REPLAY + proof._READ) * len(whole._raw[i] or [])
    assert all(pieced.get(i) == whole.get(i) for i in whole.ids())
    assert [c.trailers["Event"] for c in whole.get(ID) or []] == ["1", "2", "3"]


def test_an_edit_undone_in_history_leaves_no_fact_and_deep_still_reports_it(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    original = (git_repo / WORKFLOW).read_text(encoding="utf-8")
    _hand_edit(git_repo)
    (git_repo / WORKFLOW).write_text(original, encoding="utf-8")
    git(git_repo, "commit", "-qam", "改回")
    ok(git_repo, "audit")
    deep = wq(git_repo, "audit", "--deep")
    assert deep.exit_code == 1 and "没有 wenquan 的尾注" in deep.stdout and "手工" in deep.stdout


def test_an_uncommitted_edit_and_an_untracked_record_are_reported(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    path = git_repo / WORKFLOW
    path.write_text(path.read_text(encoding="utf-8").replace("date: '2026-03-02'", "date: '2026-03-01'"), encoding="utf-8")
    stray = git_repo / "dossiers" / "henan-kaifeng" / "review.yaml"
    stray.write_text(records.dump("review", effects.new_review("henan-kaifeng")), encoding="utf-8")
    out = wq(git_repo, "audit")
    assert out.exit_code == 1
    assert f"{WORKFLOW}: 工作区中有未提交的手工修改（被改动过）：事件 1.date" in out.stdout
    assert "dossiers/henan-kaifeng/review.yaml: 文件未提交" in out.stdout


# The plain subset records.fast_body writes must be safe_dump's text exactly: the audit takes a blob with that
# text's id as proof of the record. Strings mix what YAML reads as something else (dates, numbers, booleans, null,
# indicators, spaces) with the plain CJK text records hold.
_TEXT = st.one_of(st.sampled_from(["申报", "推荐", "雄县人民政府", "2026-03-02", "2026-3-2", "1.1", "5", "yes", "No", "null",
                                   "on", "~", "- x", "a: b", "#x", "x #y", "notices/2026-04-27.md", "中矿联温泉〔2026〕乡字第001号",
                                   "e13", "0b101", "0x1f", ".inf", "1e3", "a b", "经审核，同意推荐", "Cl·HCO3-Na", "", " x",
                                   "a" * 64, "0" * 64, "3" + "f" * 63]),
                  st.text(alphabet=st.sampled_from(list("a0-_./:# 雄县，（）〔〕·'\"\n")), max_size=12))
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), _TEXT)
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)),
                      max_leaves=12)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.dictionaries(_TEXT, _VALUE, min_size=1, max_size=5))
def test_fast_body_writes_what_safe_dump_writes(data: dict[str, Any]) -> None:
    body = records.fast_body(data)
    if body is not None:
        assert body == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def test_a_plain_transition_event_is_written_in_one_step() -> None:
    event = {"seq": 2, "kind": "transition", "date": "2026-03-10", "actor": "河北省矿业协会", "from": "申报", "to": "推荐"}
    assert records._transition(event) == "- seq: 2\n  kind: transition\n  date: '2026-03-10'\n  actor: 河北省矿业协会\n  from: 申报\n  to: 推荐"
    assert records._transition({**event, "from": None}) is not None and records._transition({**event, "seq": True}) is None


_MOSTLY_TEXT = st.one_of(_TEXT, _TEXT, _TEXT, st.none(), st.integers(0, 99), st.booleans())
_TRANSITION_EVENTS = st.lists(st.builds(lambda *values: dict(zip(records._TRANSITION, values, strict=True)),
                                        st.one_of(st.integers(-3, 10**6), st.integers(-3, 10**6), st.booleans(), _TEXT),
                                        st.sampled_from(["transition", "transition", "transition", "objection", "yes", ""]),
                                        _MOSTLY_TEXT, _MOSTLY_TEXT, _MOSTLY_TEXT, _MOSTLY_TEXT), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_TRANSITION_EVENTS, _SCALAR)
def test_fast_body_writes_transition_events_as_safe_dump_does(events: list[dict[str, Any]], state: Any) -> None:
    """Transition events are written in one step (`records._transition`): the same text as safe_dump's."""
    data = {"schema_version": 1, "state": state, "events": events, "notice": None, "objections": []}
    body = records.fast_body(data)
    if body is not None:
        assert body == yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


def test_fast_body_covers_the_records_wenquan_writes(tmp_path: Path) -> None:
    root = shipped_copy(tmp_path / "repo")
    written = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "dossiers").glob("*/workflow.yaml"))]
    covered = [records.fast_body(d) for d in written]
    assert sum(b is not None for b in covered) >= 3  # the objector's "电话 029-…" sends one to safe_dump
    assert all(b is None or records.text("workflow", d) == "\n".join(records.HEADERS["workflow"]) + "\n" + b
               for b, d in zip(covered, written, strict=True))


def _trailers_line_by_line(message: str) -> dict[str, str]:
    """trailers_of's rule, one line at a time: the reference its one-scan reading must agree with."""
    paragraph = trailer_paragraph(message)
    return {} if paragraph is None else trailers_by_line(paragraph)


_MESSAGE_PART = st.sampled_from(["Dossier: hebei-xiongxian", "Event: 3", "Transition: 推荐 -> 考察", "Actor:  省厅 ", "Key:",
                                 "Key: ", "key: x", "X-Y: a: b", " Event: 4", "\tActor: x\t", "Event:5", "Note: 行\u3000",
                                 "正文", "", " ", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u2028", "\u3000", ": x"])


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.one_of(_MESSAGE_PART, st.text(alphabet=st.sampled_from(list("Ab9-: \t\n\r\x1c\u2028\u3000x")), max_size=8)),
                          st.sampled_from(["\n", "\n", "", "\r", "\r\n", "\n\n", "\u2028", "\x1e"])),
                max_size=12).map(lambda parts: "".join(p + sep for p, sep in parts)))
def test_trailers_read_in_one_scan_as_line_by_line(message: str) -> None:
    assert trailers_of(message) == _trailers_line_by_line(message)
    assert trailers_of("主题\n\n" + message) == _trailers_line_by_line("主题\n\n" + message)
    for text in (message, "主题\n\n" + message, " \n\n" + message, "\u3000主题\n\n\n" + message):
        first, blank, last = text.strip().rpartition("\n\n")  # the rule: a last paragraph after a first that is not blank
        assert trailer_paragraph(text) == (last if blank and first and not first.isspace() else None)


def _read_generally(entry: bytes) -> LoggedCommit:
    """An entry of the log read by the general rule (`trailers_of`): what proof._commit's one match must agree with."""
    sha, parents, date, body = entry.decode("utf-8", "replace").split("\x1f", 3)
    return LoggedCommit(sha, tuple(parents.split()), date, trailers_of(body), ())


def _entries(root: Path) -> list[bytes]:
    g = Git(root)
    return g.collect(g.spooled(*LOG)).split(b"\x1e")[1:]


def test_the_transitions_wenquan_writes_are_read_in_one_match_as_the_general_rule_reads_them(tmp_path: Path) -> None:
    entries = _entries(shipped_copy(tmp_path / "repo"))
    plain = [e for e in entries if proof._PLAIN_TRANSITION.fullmatch(e.decode("utf-8"))]
    transitions = [e for e in entries if b"\nTransition: " in e and b"\nNotice-" not in e and b"\nCertificate: " not in e
                   and b"\nDeadline: " not in e and b"\nGround: " not in e]
    assert len(plain) == len(transitions) >= 10  # every transition without an optional trailer, and nothing else
    assert [proof._commit(e) for e in entries] == [_read_generally(e) for e in entries]


_SHA, _PARENT = "a" * 40, "b" * 40
_PLAIN_MESSAGE = ["推荐: 中国温泉之乡（雄县）", "", "Dossier: hebei-xiongxian", "Transition: 申报 -> 推荐", "Event: 2", "Actor: 河北省矿业协会"]
_EDIT_TEXTS = ["", " ", "\t", "\u3000", "\r", "\x1c", "\x1f", "\x85", "\u2028", "\n", "\n\n", " -> ", ":", ": ", "x", "雄",
               "Key: v", "Event: 3", " 河北", "  ", "\x1e", "٣"]
_HOW = ["start", "end", "replace", "before", "delete"]
_PARENTS = [_PARENT, f"{_PARENT} {'c' * 40}", "", "b" * 64]
_ENDS = ["\n", "\n\n", "", " \n", "\n\u3000"]


def _edited_entry(edits: list[tuple[int, str, str]], parents: str, end: str) -> bytes:
    """A log entry of the plain transition's message, changed line by line: text put at the start or the end of a
    line, in its place, or as a line before it; or the line taken out."""
    lines = list(_PLAIN_MESSAGE)
    for at, how, text in edits:
        at = min(at, len(lines) - 1)
        lines[at] = {"start": text + lines[at], "end": lines[at] + text, "replace": text}.get(how, lines[at])
        if how == "before":
            lines.insert(at, text)
        elif how == "delete" and len(lines) > 1:
            del lines[at]
    return f"{_SHA}\x1f{parents}\x1f2026-03-10\x1f{chr(10).join(lines)}{end}".encode()


def test_a_transition_changed_once_is_read_as_the_general_rule_reads_it() -> None:
    """proof._commit reads the transitions wenquan writes in one match, any other entry by the general rule; either
    way the commit is the one the general rule reads. Every single change of each line, parent and ending."""
    assert proof._PLAIN_TRANSITION.fullmatch(_edited_entry([], _PARENT, "\n").decode())  # the plain form: one match
    for at in range(len(_PLAIN_MESSAGE)):
        for how in _HOW:
            for text in _EDIT_TEXTS:
                entry = _edited_entry([(at, how, text)], _PARENT, "\n")
                assert proof._commit(entry) == _read_generally(entry), entry
    for parents in _PARENTS:
        for end in _ENDS:
            entry = _edited_entry([], parents, end)
            assert proof._commit(entry) == _read_generally(entry), entry


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, len(_PLAIN_MESSAGE) - 1), st.sampled_from(_HOW), st.sampled_from(_EDIT_TEXTS)),
                min_size=2, max_size=4),
       st.sampled_from(_PARENTS), st.sampled_from(_ENDS))
def test_a_transition_changed_in_several_places_is_read_as_the_general_rule_reads_it(edits: list[tuple[int, str, str]],
                                                                                     parents: str, end: str) -> None:
    entry = _edited_entry(edits, parents, end)
    assert proof._commit(entry) == _read_generally(entry)


# proof._plainly_allowed lets a transition read from its trailers skip check_transition: wherever it says so,
# check_transition must find nothing. States, targets and trailers are drawn from what wenquan writes and what
# it must refuse (an empty source, a notice end or digest without a start, a state the record was not in).
_STATES = st.sampled_from([None, *ALLOWED])
_TRANSITION = st.tuples(st.sampled_from(["-", "", *[s for s in ALLOWED if s]]), st.sampled_from(["", *[s for s in ALLOWED if s]]))
_OPTIONAL = st.dictionaries(st.sampled_from(["Notice-Start", "Notice-End", "Notice-SHA256", "Certificate", "Deadline", "Ground"]),
                            st.sampled_from(["2026-04-27", "2026-05-08", "a" * 64, "中矿联温泉〔2026〕乡字第001号"]), max_size=4)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(_STATES, _TRANSITION, _OPTIONAL)
def test_a_transition_plainly_allowed_is_one_check_transition_finds_nothing_in(state: str | None, move: tuple[str, str],
                                                                                 optional: dict[str, str]) -> None:
    before = None if state is None else {**effects.new_workflow(ID), "state": state}
    trailers = {"Dossier": ID, "Transition": f"{move[0]} -> {move[1]}", "Event": "1", "Actor": "雄县人民政府", **optional}
    commit = LoggedCommit("0" * 40, ("1" * 40,), "2026-05-10", trailers, ())
    event = proof._from_trailers(commit)
    assert event is not None
    r = _Replay(commit, ID, {"workflow": before, "review": None}, {"workflow": before, "review": None}, {}, None)
    check_transition(r, before, event)
    if proof._plainly_allowed(before, event, trailers):
        assert r.findings == []


def test_plainly_allowed_is_not_said_of_what_check_transition_refuses() -> None:
    named = {**effects.new_workflow(ID), "state": "公示"}
    trailers = {"Dossier": ID, "Transition": "公示 -> 命名", "Event": "1", "Actor": "中国矿业联合会"}
    commit = LoggedCommit("0" * 40, (), "2026-05-10", trailers, ())
    assert proof._plainly_allowed(named, proof._from_trailers(commit), trailers)  # type: ignore[arg-type]
    for changed in ({"Transition": "评审 -> 命名"}, {"Transition": "公示 -> 考察"}, {"Notice-End": "2026-05-08"},
                    {"Transition": "评审 -> 公示", "Notice-Start": "2026-04-27"}):
        bad = {**trailers, **changed}
        event = proof._from_trailers(commit._replace(trailers=bad))
        assert event is not None and not proof._plainly_allowed(named, event, bad)


# Thousands of chains are judged by this process and a forked child for each other CPU, which take runs of them in
# turn (workers.in_processes): an altered dossier in any run is left to the replay, which names it, and nothing else is named. The history is the benchmark's:
# wenquan's own records and trailers, written by git fast-import (tests/bench/bench.py).
SHARED_AUDIT = """
import os, sys
from pathlib import Path
from wenquan import workers
from wenquan.repo import Repository
from wenquan.workflow.audit import audit
workers.WORKERS = int(sys.argv[2])  # even on a one-CPU machine
forks = []
fork = os.fork
def counted():
    forks.append(1)
    return fork()
os.fork = counted
findings = audit(Repository.discover(Path(sys.argv[1])))
print(len(forks), sorted({f.path for f in findings}))
"""


def _bench_history(root: Path, commits: int) -> None:
    bench_script()._history(root, commits)


@pytest.mark.parametrize(("altered", "processes"), [(["bench-00003"], 2), (["bench-00070"], 2), (["bench-00003", "bench-00070"], 2),
                                                    (["bench-00003", "bench-00070"], 3)])
def test_thousands_of_chains_are_judged_by_several_processes_and_an_altered_one_in_any_run_is_named(tmp_path: Path, altered: list[str],
                                                                                                    processes: int) -> None:
    import subprocess
    import sys

    root = data_copy(tmp_path / "repo", names=("schemas", "registry"), committed=True)
    _bench_history(root, 3 * 80)
    clean = subprocess.run([sys.executable, "-c", SHARED_AUDIT, str(root), str(processes)], capture_output=True, text=True, check=True).stdout
    assert clean.split(" ", 1) == [str(processes - 1), "[]\n"]
    for dossier_id in altered:
        path = root / "dossiers" / dossier_id / "workflow.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("actor: 河北省矿业协会", "actor: 别人"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "手工改")
    (root / "dossiers" / "bench-00041" / "review.yaml").write_text("x: 1\n", encoding="utf-8")  # found beside the child's work
    out = subprocess.run([sys.executable, "-c", SHARED_AUDIT, str(root), str(processes)], capture_output=True, text=True, check=True).stdout
    assert out == f"{processes - 1} {sorted([f'dossiers/{d}/workflow.yaml' for d in altered] + ['dossiers/bench-00041/review.yaml'])}\n"
