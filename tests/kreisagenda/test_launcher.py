"""The launcher's Chromium step (found, installed as root through apt-get, or a failure that says how)
and its screenshots command."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from kreisagenda import launcher


@pytest.fixture
def apt_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the commands the launcher runs instead of running them."""
    calls: list[list[str]] = []

    def run(command: Sequence[str], **_options: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(list(command))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(launcher.subprocess, "run", run)
    monkeypatch.delenv(launcher.CHROMIUM_VARIABLE, raising=False)
    return calls


def _which(found: dict[str, str]) -> Any:
    return lambda name: found.get(name)


def test_an_installed_chromium_is_used_and_nothing_installed(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(launcher.shutil, "which", _which({"chromium": "/usr/bin/chromium", "apt-get": "/bin/apt"}))
    assert launcher.chromium_ensure() == "/usr/bin/chromium"
    assert apt_calls == []


def test_the_variable_names_another_binary(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    binary = tmp_path / "chrome"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    monkeypatch.setenv(launcher.CHROMIUM_VARIABLE, str(binary))
    monkeypatch.setattr(launcher.shutil, "which", _which({}))
    assert launcher.chromium_ensure() == str(binary)
    assert apt_calls == []


def test_a_variable_naming_nothing_runnable_installs_nothing_and_says_so(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(launcher.CHROMIUM_VARIABLE, str(tmp_path / "missing"))
    monkeypatch.setattr(launcher.os, "geteuid", lambda: 0)
    assert launcher.chromium_ensure() is None
    assert apt_calls == []
    assert launcher.CHROMIUM_VARIABLE in capsys.readouterr().err


def test_root_installs_debians_package_when_it_is_missing(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = {"apt-get": "/usr/bin/apt-get"}
    monkeypatch.setattr(launcher.shutil, "which", _which(found))
    monkeypatch.setattr(launcher.os, "geteuid", lambda: 0)

    def run(command: Sequence[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        apt_calls.append(list(command))
        assert options["stdin"] == subprocess.DEVNULL  # CI has no standard input
        assert options["env"]["DEBIAN_FRONTEND"] == "noninteractive"
        if "install" in command:
            found["chromium"] = "/usr/bin/chromium"
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(launcher.subprocess, "run", run)
    assert launcher.chromium_ensure() == "/usr/bin/chromium"
    assert apt_calls == [
        ["/usr/bin/apt-get", "update", "-qq"],
        ["/usr/bin/apt-get", "install", "-y", "-qq", "chromium"],
    ]


@pytest.mark.parametrize(("uid", "apt_get"), [(1000, "/usr/bin/apt-get"), (0, None)])
def test_without_root_or_apt_get_it_says_how_to_install(
    apt_calls: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    uid: int,
    apt_get: str | None,
) -> None:
    monkeypatch.setattr(launcher.shutil, "which", _which({"apt-get": apt_get} if apt_get else {}))
    monkeypatch.setattr(launcher.os, "geteuid", lambda: uid)
    assert launcher.chromium_ensure() is None
    assert apt_calls == []
    assert "apt-get install -y chromium" in capsys.readouterr().err


def test_a_failed_install_says_how(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(launcher.shutil, "which", _which({"apt-get": "/usr/bin/apt-get"}))
    monkeypatch.setattr(launcher.os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        launcher.subprocess, "run", lambda command, **_options: subprocess.CompletedProcess(command, 100)
    )
    assert launcher.chromium_ensure() is None
    assert "konnte nicht installiert werden" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("arguments", "selected"),
    [
        ([], True),
        (["-x", "-q"], True),
        (["-k", "browser"], True),
        (["tests"], True),
        (["tests/browser"], True),
        (["tests/browser/test_pages.py::test_page"], True),
        (["tests/tenants"], False),
        (["tests/tenants", "-k", "town"], False),
        (["tests/tenants", "tests/browser"], True),
    ],
)
def test_chromium_is_only_ensured_when_browser_tests_may_run(arguments: list[str], selected: bool) -> None:
    assert launcher.selects_browser_tests(arguments) is selected


def test_screenshots_runs_the_browser_tests_picture_test_with_the_variable_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(launcher.README_SCREENSHOTS_VARIABLE, "")  # and restored afterwards
    runs: list[tuple[list[str], str | None]] = []

    def test(arguments: Sequence[str]) -> int:
        runs.append((list(arguments), launcher.os.environ.get(launcher.README_SCREENSHOTS_VARIABLE)))
        return 0

    monkeypatch.setattr(launcher, "test", test)
    assert launcher.screenshots(["-x"]) == 0
    assert runs == [(["tests/browser", "-k", "readme_screenshots", "-x"], "1")]


def test_the_reports_libraries_are_left_alone_when_present(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(launcher, "REPORT_PACKAGES", {"libpango-1.0-0": lambda: True})
    assert launcher.report_libraries_ensure() is True
    assert apt_calls == []


def test_root_installs_only_the_missing_reports_libraries(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        launcher, "REPORT_PACKAGES", {"libpango-1.0-0": lambda: True, "fonts-dejavu-core": lambda: False}
    )
    monkeypatch.setattr(launcher.shutil, "which", _which({"apt-get": "/usr/bin/apt-get"}))
    monkeypatch.setattr(launcher.os, "geteuid", lambda: 0)
    assert launcher.report_libraries_ensure() is True
    assert apt_calls == [
        ["/usr/bin/apt-get", "update", "-qq"],
        ["/usr/bin/apt-get", "install", "-y", "-qq", "fonts-dejavu-core"],
    ]


def test_without_root_the_missing_reports_libraries_are_named(
    apt_calls: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(launcher, "REPORT_PACKAGES", {"libpangoft2-1.0-0": lambda: False})
    monkeypatch.setattr(launcher.shutil, "which", _which({"apt-get": "/usr/bin/apt-get"}))
    monkeypatch.setattr(launcher.os, "geteuid", lambda: 1000)
    assert launcher.report_libraries_ensure() is False
    assert apt_calls == []
    assert "libpangoft2-1.0-0" in capsys.readouterr().err
