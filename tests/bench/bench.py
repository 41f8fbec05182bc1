"""Benchmarks: wenquan against a named baseline, measured in the same run, reported as ratios.

    python tests/bench/bench.py validate [--n 1000] [--repeat 3]

validate: N dossiers of about 16 KB; `wenquan validate` against
`check-jsonschema --schemafile schemas/dossier.schema.json` on the same files.
Goal (issue 2): ratio <= 0.20, wenquan's peak memory < 150 MB.

    python tests/bench/bench.py advance [--n 1000] [--commits 5000] [--repeat 3]

advance: one `wenquan advance ID 申报` in a repository with N dossiers and that many commits, against a
plain `git add` + `git commit` of the same workflow.yaml in the same repository. Goal (issue 4): <= 3x.

    python tests/bench/bench.py pr [--n 1000] [--small 10] [--repeat 3]

pr: `wenquan diff` and `wenquan review-comment` for a pull request that changes one dossier, in a repository of N
dossiers against one of 10 (issue 20): the cost follows the change. Goal: ratio <= 1.5.

    python tests/bench/bench.py audit [--commits 20000] [--repeat 3]

audit: a full `wenquan audit` of that many transition commits (written by fast-import from wenquan's own records
and trailers, so they pass audit) against `git log --format=%H%x00%B` over the same history (issue 20). Goal: <= 3x.
`wenquan audit --deep` (every commit replayed, its trees compared with git log --raw) is not what this measures.

    python tests/bench/bench.py sites [--n 300] [--repeat 3]

sites: N dossiers (a third named, a third in 公示, a third before 公示; one git commit) built for both
audiences by the wenquan plugin (`wenquan build` public, then review, from an empty user cache: the review
build reuses the places the public build read), against a plain `mkdocs build` of the very same pages written
beforehand as Markdown files (same theme, extensions and nav, no plugin).
Goal (issue 5): <= 1.3x; issue 20 goal 3: the plugin <= 10 % of the build (ratio <= 1.11).

    python tests/bench/bench.py serve [--n 300] [--repeat 3]

serve: `mkdocs serve --dirty` (public, then the review configuration) on N dossiers; after one dossier's file is
saved, the seconds until its page is served again with the new figure. Baseline: the same with plain `mkdocs
serve --dirty` of the very same pages as Markdown files (no plugin), after that page's Markdown is saved.
Goal (issue 20): <= 2 s; the ratio is reported beside it, and each server's peak memory (first build and rebuild;
goal 5: < 300 MB at 1000 dossiers).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "dossiers" / "hebei-xiongxian" / "dossier.yaml"
TARGET_BYTES = 16 * 1024


def make_dossier(i: int) -> str:
    """The Hebei example, with its own figures and its narrative padded to about 16 KB."""
    text = SOURCE.read_text(encoding="utf-8")
    text = text.replace("exploitable_m3_per_day: 36000", f"exploitable_m3_per_day: {30000 + i % 9000}")
    text = text.replace("place: 雄县", f"place: 示例县{i}")
    paragraph = (f"    第 {i} 号示例：热储为蓟县系雾迷山组白云岩岩溶裂隙热储，埋深 800–1600 米，井口水温 66–75 ℃，"
                 "水化学类型为 Cl·HCO3-Na 型，动态稳定；开采井与回灌井布设在同一热储层。\n")
    pad = TARGET_BYTES - len(text.encode("utf-8"))
    lines = max(0, pad // len(paragraph.encode("utf-8")))
    return text.replace("  exploration: |\n", "  exploration: |\n" + paragraph * lines, 1)


def build_repo(folder: Path, n: int) -> list[Path]:
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, folder / name)
    for name in ("schemas", "registry"):
        shutil.copytree(ROOT / name, folder / name)
    files = []
    for i in range(n):
        target = folder / "dossiers" / f"bench-{i:05d}" / "dossier.yaml"
        target.parent.mkdir(parents=True)
        shutil.copytree(SOURCE.parent / "materials", target.parent / "materials")
        target.write_text(make_dossier(i), encoding="utf-8")
        files.append(target)
    return files


# Python as installed for use: bytecode cached (here in a folder of the run's own, so the checkout stays
# clean) even where the calling environment sets PYTHONDONTWRITEBYTECODE, which would make every run
# compile wenquan from source, a cost no installed copy pays.
BYTECODE = tempfile.mkdtemp(prefix="wenquan-bench-pycache-")
atexit.register(shutil.rmtree, BYTECODE, ignore_errors=True)
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPYCACHEPREFIX": BYTECODE}


# Linux counts a process's peak memory from the process it was forked from: a command started straight from this
# script would report at least this script's own size (some 70 MB once it has written a history). The command is
# therefore forked by a small launcher, which times it and reports its peak; what the launcher itself weighs
# (about 10 MB) is the floor of every figure.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)
"""


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory in MB, and exit status of one run of cmd."""
    with tempfile.TemporaryFile() as said:
        subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], cwd=cwd, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                       stderr=said, env=ENV, check=True)
        said.seek(0)
        elapsed, peak, status = said.read().split()[-3:]
    return float(elapsed), int(peak) / 1024, int(status)


def compare(name: str, ours: list[str], baseline_name: str, baseline: list[str], cwd: Path, repeat: int) -> float:
    runs: dict[str, list[tuple[float, float, int]]] = {"wenquan": [], baseline_name: []}
    for _ in range(repeat):  # taken in turns, so that a slower spell of a shared machine weighs on both alike
        runs["wenquan"].append(measure(ours, cwd))
        runs[baseline_name].append(measure(baseline, cwd))
    print(f"\n== {name}")
    for who, results in runs.items():
        times = [t for t, _, _ in results]
        print(f"{who:>20}: median {statistics.median(times):7.3f} s  (runs {', '.join(f'{t:.3f}' for t in times)})"
              f"  peak {max(m for _, m, _ in results):6.1f} MB  exit {results[0][2]}")
    failed(runs["wenquan"] + runs[baseline_name])
    ratio = statistics.median(t for t, _, _ in runs["wenquan"]) / statistics.median(t for t, _, _ in runs[baseline_name])
    print(f"{'ratio':>20}: {ratio:.3f} (wenquan / {baseline_name})")
    return ratio


def failed(results: list[tuple[float, float, int]]) -> None:
    """A run that failed measured nothing worth comparing: stop."""
    codes = [code for _, _, code in results]
    if any(codes):
        sys.exit(f"a measured command failed (exit codes {codes}): no ratio")


def bench_validate(n: int, repeat: int) -> None:
    checker = shutil.which("check-jsonschema")
    if checker is None:
        sys.exit("check-jsonschema is not installed: pip install -e '.[bench]'")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = build_repo(folder, n)
        size = sum(f.stat().st_size for f in files) / len(files)
        print(f"{n} dossiers, {size / 1024:.1f} KB each on average")
        compare("validate", [sys.executable, "-m", "wenquan", "validate", "dossiers"],
                "check-jsonschema", [checker, "--schemafile", "schemas/dossier.schema.json", *[str(f.relative_to(folder)) for f in files]],
                folder, repeat)


def fast_import_history(folder: Path, commits: int) -> None:
    """Add `commits` small commits on top of HEAD quickly, through git fast-import."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()
    lines = []
    for i in range(commits):
        content = f"第 {i} 次更新\n".encode()
        message = f"更新说明 {i}".encode()
        lines.append(b"commit refs/heads/main\n")
        lines.append(f"committer 测试 <t@example.org> {1700000000 + i} +0800\n".encode())
        lines.append(f"data {len(message)}\n".encode() + message + b"\n")
        if i == 0:
            lines.append(f"from {head}\n".encode())
        lines.append(f"M 100644 inline site/updates.md\ndata {len(content)}\n".encode() + content + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(lines), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=folder, check=True)


def bench_advance(n: int, commits: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_repo(folder, n)
        (folder / "site").mkdir()
        for args in (["init", "-q", "-b", "main"], ["config", "user.name", "测试"], ["config", "user.email", "t@example.org"],
                     ["add", "-A"], ["commit", "-qm", "初始"]):
            subprocess.run(["git", *args], cwd=folder, check=True)
        fast_import_history(folder, commits - 1)
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=folder, capture_output=True, text=True).stdout.strip()
        print(f"{n} dossiers, {count} commits")
        ours, theirs = [], []
        for i in range(repeat + 1):  # the first round warms both up (bytecode, file cache) and is not counted
            target = f"bench-{i:05d}"
            run = measure([sys.executable, "-m", "wenquan", "advance", target, "申报", "--date", "2026-03-02"], folder)
            # the baseline: the same record written by hand into another dossier, then git add + git commit
            source = folder / "dossiers" / target / "workflow.yaml"
            twin = folder / "dossiers" / f"bench-{n - 1 - i:05d}" / "workflow.yaml"
            twin.write_text(source.read_text(encoding="utf-8").replace(target, twin.parent.name), encoding="utf-8")
            start = time.perf_counter()
            subprocess.run(["git", "add", str(twin.relative_to(folder))], cwd=folder, check=True)
            subprocess.run(["git", "commit", "-q", "-m", "申报: 手工"], cwd=folder, check=True)
            if i:
                ours.append(run)
                theirs.append((time.perf_counter() - start, 0.0, 0))
        for who, results in (("wenquan advance", ours), ("git add + commit", theirs)):
            times = [t for t, _, _ in results]
            print(f"{who:>20}: median {statistics.median(times):7.3f} s  (runs {', '.join(f'{t:.3f}' for t in times)})"
                  f"  exit {[code for _, _, code in results]}")
        failed(ours)
        ratio = statistics.median(t for t, _, _ in ours) / statistics.median(t for t, _, _ in theirs)
        print(f"{'ratio':>20}: {ratio:.2f} (wenquan advance / git add + commit)")


def _records(folder: Path, i: int) -> None:
    """A third named (雄县's records), a third in 公示 (西安's), a third with no records yet."""
    source = {0: "hebei-xiongxian", 1: "shaanxi-xian"}.get(i % 3)
    if source is None:
        return
    target = folder / "dossiers" / f"bench-{i:05d}"
    for name in ("workflow.yaml", "review.yaml"):
        text = (ROOT / "dossiers" / source / name).read_text(encoding="utf-8")
        (target / name).write_text(text.replace(f"dossier: {source}", f"dossier: bench-{i:05d}"), encoding="utf-8")


def _plain_site(folder: Path, audience: str) -> Path:
    """The plugin's pages written out as Markdown files, with a config that has no wenquan plugin."""
    import datetime as dt

    import yaml

    from wenquan.site.pages import render
    from wenquan.workflow.places import SiteData

    output = render(SiteData.load(folder, dt.date(2026, 11, 21), timeline=audience == "review"), audience)
    docs = folder / f"plain-{audience}"
    shutil.copytree(folder / "site", docs)
    for uri, text in {**output.pages, **output.files}.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    config = load_config_data(folder / "mkdocs.yml")        # its !!python tags (toc slugify) left out
    config.update(docs_dir=str(docs), site_dir=str(folder / f"plain-{audience}-out"), nav=output.nav)
    config["theme"] = {**config["theme"], "custom_dir": str(folder / "templates" / "theme")}   # the same theme
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "wenquan" in p)]
    path = folder / f"plain-{audience}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def bench_sites(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_repo(folder, n)
        for name in ("site", "templates"):
            shutil.copytree(ROOT / name, folder / name)
        for i in range(n):
            _records(folder, i)
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@example.org", "commit", "-qm", "bench"], cwd=folder, check=True)
        plain = [_plain_site(folder, audience) for audience in ("public", "review")]
        # each measured pair starts with an empty cache: the review build reuses what the public build read, as in CI
        cache = folder / "user-cache"
        wq = ["env", f"XDG_CACHE_HOME={cache}", sys.executable, "-m", "wenquan", "-C", str(folder)]
        ours = ["sh", "-c", f"rm -rf {cache} && {' '.join(wq)} build --on 2026-11-21 && {' '.join(wq)} build --audience review --on 2026-11-21"]
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
        baseline = ["sh", "-c", " && ".join(" ".join([*mkdocs, str(p)]) for p in plain)]
        compare(f"both sites, {n} dossiers", ours, "plain mkdocs build", baseline, folder, repeat)


def load_config_data(path: Path) -> dict:
    """mkdocs.yml as plain data (the loader `wenquan build --renderer zensical` uses: Python-object tags dropped)."""
    from wenquan.site.zensical_build import load

    return load(path)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, OSError):
        return ""


def _peak_mb(pid: int) -> float:
    """The peak memory so far of a running process (Linux: VmHWM, which starts afresh at exec)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _served_after_save(config: Path, cwd: Path, page: str, edit: Path, change: tuple[str, str], shown: tuple[str, str]) -> tuple[float, float]:
    """Start `mkdocs serve --dirty`, wait for `page` to show `shown[0]`, replace `change[0]` by `change[1]` in `edit`,
    and return the seconds until `page` shows `shown[1]` (polled every 20 ms; 60 s at most), and the server's peak
    memory in MB by then (its first build and the rebuild)."""
    port = _free_port()
    log = (cwd / f"serve-{config.stem}.log").open("w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config),
                             "-a", f"127.0.0.1:{port}"], cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=ENV)
    from urllib.parse import urlsplit


    # mkdocs serves under site_url's path (/wenquan/ in the shipped mkdocs.yml)
    site_url = load_config_data(ROOT / "mkdocs.yml").get("site_url") or "/"
    url = f"http://127.0.0.1:{port}{urlsplit(site_url).path.rstrip('/')}/{page}"
    try:
        deadline = time.monotonic() + 600
        while shown[0] not in _fetch(url):
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit(f"mkdocs serve never served {url}:\n" + (cwd / f"serve-{config.stem}.log").read_text(encoding="utf-8")[-2000:])
            time.sleep(0.2)
        time.sleep(1.5)                                   # the watcher is armed after the first build
        edit.write_text(edit.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
        saved = time.perf_counter()
        while shown[1] not in _fetch(url):
            if time.perf_counter() - saved > 60:
                sys.exit(f"{url} never showed {shown[1]}")
            time.sleep(0.02)
        return time.perf_counter() - saved, _peak_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
        log.close()
        edit.write_text(edit.read_text(encoding="utf-8").replace(change[1], change[0]), encoding="utf-8")


def bench_serve(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_repo(folder, n)
        for name in ("site", "templates"):
            shutil.copytree(ROOT / name, folder / name)
        shutil.copy2(ROOT / "mkdocs.review.yml", folder / "mkdocs.review.yml")
        for i in range(n):
            _records(folder, i)
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@example.org", "commit", "-qm", "bench"], cwd=folder, check=True)
        # bench-00000 is named (on the public site); bench-00002 has no record yet (on the review site only)
        for audience, config, number in (("public", "mkdocs.yml", 0), ("review", "mkdocs.review.yml", 2)):
            dossier_id = f"bench-{number:05d}"
            page = f"places/{dossier_id}/" if audience == "public" else f"dossiers/{dossier_id}/"
            figure = 30000 + number
            edit = folder / "dossiers" / dossier_id / "dossier.yaml"
            change = (f"exploitable_m3_per_day: {figure}", f"exploitable_m3_per_day: {figure + 1}")
            shown = (f"{figure:,}", f"{figure + 1:,}")
            ours = [_served_after_save(folder / config, folder, page, edit, change, shown) for _ in range(repeat)]
            plain = _plain_site(folder, audience)
            md = folder / f"plain-{audience}" / (page.rstrip("/") + ".md")
            theirs = [_served_after_save(plain, folder, page, md, shown, shown) for _ in range(repeat)]
            print(f"\n== mkdocs serve --dirty, {audience}, {n} dossiers: one file saved until its page is served again")
            for who, runs in (("wenquan", ours), ("plain mkdocs", theirs)):
                times = [t for t, _ in runs]
                print(f"{who:>20}: median {statistics.median(times):7.3f} s  (runs {', '.join(f'{t:.3f}' for t in times)})"
                      f"  peak {max(m for _, m in runs):6.1f} MB")
            ratio = statistics.median(t for t, _ in ours) / statistics.median(t for t, _ in theirs)
            print(f"{'ratio':>20}: {ratio:.3f}   goal: wenquan <= 2 s")


def _pr_repo(folder: Path, n: int) -> None:
    """N dossiers in one commit, then a pull request's commit that amends one of them."""
    build_repo(folder, n)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    for args in (["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=b@example.org", "commit", "-qm", "bench"]):
        subprocess.run(["git", *args], cwd=folder, check=True)
    target = folder / "dossiers" / "bench-00000" / "dossier.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("wells: {total: 86", "wells: {total: 87"), encoding="utf-8")
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@example.org", "commit", "-qam", "pr"], cwd=folder, check=True)


def bench_pr(small: int, large: int, repeat: int) -> None:
    """Issue 20 goal 1: a pull request that changes one dossier costs the same in a repository of `large` dossiers
    as in one of `small`: time(large) / time(small) <= 1.5, for `wenquan diff` and `wenquan review-comment`."""
    with tempfile.TemporaryDirectory() as tmp:
        folders = {n: Path(tmp) / f"repo-{n}" for n in (small, large)}
        for n, folder in folders.items():
            folder.mkdir()
            _pr_repo(folder, n)
        print(f"one dossier changed, in repositories of {small} and {large} dossiers")
        for name, args in (("diff", ["diff", "HEAD~1", "HEAD", "--on", "2026-11-21"]),
                           ("review-comment", ["review-comment", "--base", "HEAD~1", "--on", "2026-11-21"])):
            compare(f"{name}: {large} dossiers against {small}", [sys.executable, "-m", "wenquan", "-C", str(folders[large]), *args],
                    f"{small} dossiers", [sys.executable, "-m", "wenquan", "-C", str(folders[small]), *args], Path(tmp), repeat)


def _history(folder: Path, commits: int) -> int:
    """`commits` transition commits as wenquan writes them (records from its own `effects`, its trailers), through
    git fast-import: each dossier goes 申报 → 推荐 → 撤回, three commits. Returns the number of commits written."""
    from wenquan.workflow import effects
    from wenquan.workflow.case import message
    from wenquan.workflow.records import dump

    steps = [(None, "申报", "示范镇人民政府"), ("申报", "推荐", "河北省矿业协会"), ("推荐", "撤回", "示范镇人民政府")]
    import datetime as dt

    stream: list[bytes] = []
    written = 0
    for i in range((commits + 2) // 3):
        dossier, record = f"bench-{i:05d}", None
        for seq, (source, target, actor) in enumerate(steps, start=1):
            when = dt.datetime(2026, seq, 1 + i % 9, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
            day, stamp = when.date().isoformat(), int(when.timestamp()) + written % 3600
            event = effects.event(record, "transition", day, actor, **{"from": source, "to": target})
            record = effects.transition(record, dossier, event)
            text = dump("workflow", record).encode("utf-8")
            trailers = [("Dossier", dossier), ("Transition", f"{source or '-'} -> {target}"), ("Event", seq), ("Actor", actor)]
            note = message(f"{target}: 中国温泉之乡（{dossier}）", trailers).encode("utf-8")
            stream += [b"commit refs/heads/main\n", f"author 测试 <t@example.org> {stamp} +0800\n".encode(),
                       f"committer 测试 <t@example.org> {stamp} +0800\n".encode(),
                       f"data {len(note)}\n".encode() + note + b"\n"]
            if written == 0:
                head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()
                stream.append(f"from {head}\n".encode())
            stream.append(f"M 100644 inline dossiers/{dossier}/workflow.yaml\ndata {len(text)}\n".encode() + text + b"\n")
            written += 1
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=folder, check=True)
    return written


def settle_index(folder: Path) -> None:
    """The index written back once the clock has left the second the files were checked out in, as the first `git
    status` (or `git add`, or a commit) in a working copy does. Files written in the same second as the index are
    "racily clean": git cannot trust the times it cached for them, and each `git status --no-optional-locks` (the
    audit's, which never writes) reads every such record again, until something writes the index later. A fresh
    clone's first audit pays that (README "规模"); the benchmark measures a working copy in use. The wait is for a
    condition of git's: the file system's clock (a file written now, as the index will be) past the files' second,
    whatever the process's own clock says (a faked one, in CI)."""
    newest = int(max(p.stat().st_mtime for p in (folder / "dossiers").glob("*/*.yaml")))
    probe = folder / ".git" / "bench-clock"
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_mtime >= newest + 1:
            break
        time.sleep(0.05)
    probe.unlink()
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=folder, check=True)


def bench_audit(commits: int, repeat: int) -> None:
    """Issue 20 goal 2: a full `wenquan audit` of many transition commits in one streaming pass, against
    `git log --format=%H%x00%B` over the same history. Goal: <= 3x."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("mkdocs.yml",):
            shutil.copy2(ROOT / name, folder / name)
        for name in ("schemas", "registry"):
            shutil.copytree(ROOT / name, folder / name)
        (folder / "dossiers").mkdir()
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@example.org", "commit", "-qm", "bench"], cwd=folder, check=True)
        written = _history(folder, commits)
        settle_index(folder)
        print(f"{written} transition commits")
        compare(f"audit of {written} transition commits", [sys.executable, "-m", "wenquan", "audit"],
                "git log", ["git", "log", "--format=%H%x00%B"], folder, repeat)


# Each mode: its help, its own options with their defaults, and what it runs.
MODES = {
    "validate": ("wenquan validate vs check-jsonschema", {"n": 1000}, lambda a: bench_validate(a.n, a.repeat)),
    "advance": ("wenquan advance vs git add + git commit", {"n": 1000, "commits": 5000},
                lambda a: bench_advance(a.n, a.commits, a.repeat)),
    "sites": ("both sites by the plugin vs plain mkdocs build of the same pages", {"n": 300}, lambda a: bench_sites(a.n, a.repeat)),
    "pr": ("diff and review-comment for one changed dossier: N dossiers vs 10", {"small": 10, "n": 1000},
           lambda a: bench_pr(a.small, a.n, a.repeat)),
    "audit": ("a full wenquan audit vs git log over the same history", {"commits": 20000}, lambda a: bench_audit(a.commits, a.repeat)),
    "serve": ("mkdocs serve --dirty: one dossier saved until its page is served again", {"n": 300},
              lambda a: bench_serve(a.n, a.repeat)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="which", required=True)
    for name, (text, options, _) in MODES.items():
        mode = sub.add_parser(name, help=text)
        for option, default in {**options, "repeat": 3}.items():
            mode.add_argument(f"--{option}", type=int, default=default)
    args = parser.parse_args()
    MODES[args.which][2](args)


if __name__ == "__main__":
    main()
