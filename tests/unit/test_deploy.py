"""deploy/: the systemd units an operator installs (REGISTER.md section 12, docs/operations.md).

Checked twice: by systemd's own `systemd-analyze verify` (syntax, known keys, executables that
exist), and against the program itself: every `python -m registry …` a unit runs is a command of
the click CLI with options it has, and the dashboard listens on localhost only."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import click
import pytest

from registry.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALL = "/opt/registry"
UNITS = sorted(p for p in DEPLOY.iterdir() if p.suffix in (".service", ".timer"))
SERVICES = [p for p in UNITS if p.suffix == ".service"]
TIMERS = [p for p in UNITS if p.suffix == ".timer"]
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def read_unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A unit file's sections, each a list of (key, value) in order: keys such as ExecStart repeat."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None, f"{path.name}: {line!r} before any [section]"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: {line!r} is not KEY=VALUE"
        current.append((key.strip(), value.strip()))
    return sections


def values(path: Path, section: str, key: str) -> list[str]:
    return [v for k, v in read_unit(path).get(section, []) if k == key]


def value(path: Path, section: str, key: str) -> str:
    found = values(path, section, key)
    assert len(found) == 1, f"{path.name}: [{section}] {key}= is given {len(found)} times, not once"
    return found[0]


def exec_lines(path: Path) -> list[list[str]]:
    """ExecStart= lines as argument lists, without systemd's prefixes (-, @, +, !, :)."""
    return [shlex.split(line.lstrip("-@+!:")) for line in values(path, "Service", "ExecStart")]


def registry_invocations(path: Path) -> list[list[str]]:
    """The arguments after `python -m registry` of each ExecStart that runs the register's CLI."""
    return [argv[3:] for argv in exec_lines(path) if argv[1:3] == ["-m", "registry"]]


def command_for(args: list[str]) -> tuple[click.Command, str, list[str]]:
    """The click command the arguments name (through groups), its name and the arguments left."""
    command, name = cli, "registry"
    while isinstance(command, click.Group) and args and args[0] in command.commands:
        name = f"{name} {args[0]}"
        command, args = command.commands[args[0]], args[1:]
    return command, name, args


def test_there_are_the_dashboard_and_two_timed_jobs():
    assert {p.name for p in UNITS} == {
        "registry-dashboard.service",
        "registry-nightly.service", "registry-nightly.timer",
        "registry-digest.service", "registry-digest.timer",
    }


@pytest.fixture
def installed(tmp_path) -> Path:
    """The units as installed into a temporary install folder whose .venv/bin/python is this Python:
    a folder of unit files with /opt/registry replaced by that folder, nothing else changed."""
    install = tmp_path / "opt" / "registry"
    (install / ".venv" / "bin").mkdir(parents=True)
    (install / ".venv" / "bin" / "python").symlink_to(sys.executable)
    units = tmp_path / "units"
    units.mkdir()
    for unit in UNITS:
        (units / unit.name).write_text(unit.read_text(encoding="utf-8").replace(INSTALL, str(install)),
                                       encoding="utf-8")
    return units


@pytest.mark.skipif(SYSTEMD_ANALYZE is None and os.environ.get("CI") != "true",
                    reason="systemd-analyze is not installed (Debian package systemd); with CI=true this runs anyway")
def test_systemd_analyze_verify_accepts_every_unit_without_a_warning(installed):
    assert SYSTEMD_ANALYZE, "systemd-analyze is missing: apt-get install -y systemd"
    names = sorted(p.name for p in installed.iterdir())
    command = [SYSTEMD_ANALYZE, "verify", *names]
    result = subprocess.run(command, cwd=installed, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    ours = [line for line in output.splitlines() if any(name in line for name in names) or str(installed) in line]
    assert result.returncode == 0, f"{shlex.join(command)} exited {result.returncode}:\n{output}"
    assert ours == [], f"{shlex.join(command)} warned:\n" + "\n".join(ours)


def test_every_program_a_unit_runs_exists(installed):
    """systemd-analyze verify (252) checks only a service's first ExecStart=; this checks them all."""
    for unit in sorted(installed.glob("*.service")):
        for key, line in read_unit(unit)["Service"]:
            if key.startswith("Exec"):
                program = shlex.split(line.lstrip("-@+!:"))[0]
                assert os.access(program, os.X_OK), f"{unit.name}: {key}={program} is not an executable program"


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_each_service_runs_as_the_registers_user_from_the_install_folder_on_the_state_directorys_store(service):
    assert value(service, "Service", "User") == "registry"
    assert value(service, "Service", "Group") == "registry"
    assert value(service, "Service", "WorkingDirectory") == INSTALL  # where `python -m registry` finds the package
    assert value(service, "Service", "UMask") == "0077"
    env = dict(item.split("=", 1) for line in values(service, "Service", "Environment") for item in shlex.split(line))
    state = PurePosixPath("/var/lib") / value(service, "Service", "StateDirectory")
    assert PurePosixPath(env["REGISTRY_DB"]).parent == state
    for argv in exec_lines(service):
        assert PurePosixPath(argv[0]).is_absolute(), f"{service.name}: {argv[0]} is not an absolute path"
        if argv[0].startswith(INSTALL):
            assert argv[0] == f"{INSTALL}/.venv/bin/python", f"{service.name}: {argv[0]} is not the install's venv"


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_each_service_writes_only_where_its_sandbox_lets_it(service):
    """Under ProtectSystem=strict only the state directory and ReadWritePaths= are writable: every
    folder a command of ours is told to write into (--out, --db) must be one of them."""
    assert value(service, "Service", "ProtectSystem") == "strict"
    writable = [PurePosixPath("/var/lib") / value(service, "Service", "StateDirectory")]
    writable += [PurePosixPath(p.lstrip("-")) for line in values(service, "Service", "ReadWritePaths")
                 for p in line.split()]
    for args in registry_invocations(service):
        for option in ("--out", "--db"):
            if option in args:
                target = PurePosixPath(args[args.index(option) + 1])
                assert any(target == w or w in target.parents for w in writable), (
                    f"{service.name}: {shlex.join(args)} writes to {target}, which is read-only to it "
                    f"(writable: {', '.join(map(str, writable))})")


@pytest.mark.parametrize("service", SERVICES, ids=lambda p: p.name)
def test_each_registry_command_a_unit_runs_exists_with_the_options_it_gives(service):
    for args in registry_invocations(service):
        command, name, rest = command_for(args)
        assert not isinstance(command, click.Group), f"{service.name}: {shlex.join(args)} names no command of {name}"
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        given = {arg.split("=", 1)[0] for arg in rest if arg.startswith("-")}
        assert given <= known, f"{service.name}: `python -m {name}` has no option {', '.join(sorted(given - known))}"
        # click's own parser: required options present, flags without values, values of the right type.
        command.make_context(name, list(rest))


def test_the_dashboard_runs_home_py_on_localhost_only():
    service = DEPLOY / "registry-dashboard.service"
    [argv] = exec_lines(service)
    assert argv[:5] == [f"{INSTALL}/.venv/bin/python", "-m", "streamlit", "run", "Home.py"]
    assert (ROOT / "Home.py").is_file()
    options = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.headless"] == "true"
    from streamlit import config

    unknown = {o for o in options if o.removeprefix("--") not in config.get_config_options()}
    assert not unknown, f"Streamlit has no option {', '.join(sorted(unknown))}"
    assert value(service, "Service", "Restart") == "on-failure"


def test_the_nightly_job_purges_then_backs_up_then_makes_the_days_statistics_and_the_digest_sends():
    purge, backup, stats = registry_invocations(DEPLOY / "registry-nightly.service")
    assert purge[0] == "purge" and "--yes" in purge and "--dry-run" not in purge
    assert backup[0] == "backup"
    # after the purge (the day's tables are as of the end of today: a purge tonight moves them) and without
    # --today or --k: the page's first view asks for today's tables at the rules' k, and reads their pattern
    assert stats[0] == "stats" and "--today" not in stats and "--k" not in stats
    assert stats[stats.index("--out") + 1].startswith("/var/lib/registry/")  # the unit's own state directory
    stats_line = next(line for line in values(DEPLOY / "registry-nightly.service", "Service", "ExecStart")
                      if " stats " in line)
    assert stats_line.startswith("-")  # statistics that fail do not fail the purge and backup before them
    [digest] = registry_invocations(DEPLOY / "registry-digest.service")
    assert digest[0] == "digest" and "--send" in digest and "--today" not in digest


@pytest.mark.parametrize("timer", TIMERS, ids=lambda p: p.name)
def test_each_timer_is_persistent_and_starts_its_own_oneshot_service(timer):
    assert value(timer, "Timer", "Persistent") == "true"
    assert values(timer, "Timer", "OnCalendar"), f"{timer.name} has no OnCalendar="
    target = values(timer, "Timer", "Unit") or [timer.with_suffix(".service").name]
    assert target == [timer.with_suffix(".service").name]
    service = DEPLOY / target[0]
    assert service.is_file(), f"{timer.name} starts {service.name}, which deploy/ lacks"
    assert value(service, "Service", "Type") == "oneshot"
    assert registry_invocations(service), f"{service.name} runs no `python -m registry` command"
    assert value(timer, "Install", "WantedBy") == "timers.target"
