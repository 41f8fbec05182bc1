"""Any bytes at all: the loader never raises, and the CLI answers 0 or 1 without a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenquan.cli.main import cli
from wenquan.dossier.loader import load_bytes

YAMLISH = st.lists(st.sampled_from([b"a", b":", b" ", b"\n", b"-", b"[", b"]", b"{", b"}", b",", b"&x", b"*x", b"!!", b"'", b'"',
                                    b"#", b"\t", b"010", b"no", b"2019-06-18", b"\xe9\x9b\x84", b"\xd0", b"\x00", b"---", b"? ",
                                    b"|", b">", b"%YAML 1.1\n", b"\xef\xbb\xbf"]), max_size=60).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), YAMLISH))
def test_loader_never_raises(raw: bytes) -> None:
    doc, diagnostics = load_bytes(raw, "fuzz.yaml")
    assert doc is not None or diagnostics
    for d in diagnostics:
        assert d.line >= 1 and d.column >= 1 and d.message


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), YAMLISH))
def test_cli_validate_any_bytes(tmp_path: Path, raw: bytes) -> None:
    folder = tmp_path / "fuzz-case"
    folder.mkdir(exist_ok=True)
    target = folder / "dossier.yaml"
    target.write_bytes(raw)
    result = CliRunner().invoke(cli, ["validate", str(target)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
