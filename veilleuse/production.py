"""``veilleuse production``: the production processes of ``deploy/`` on one machine, in one
command, for a server without systemd, a rehearsal, the production tests and the load test.

The commands are not repeated here: they are read from the systemd units in
``deploy/systemd/`` (``ExecStartPre=`` lines run first, in order, then every ``ExecStart=``
runs side by side), with the installation's paths (``/srv/veilleuse``) replaced by this
checkout and its virtualenv. So what the tests start is what systemd starts.

No Django here: the processes import it, this one only supervises them. SIGTERM or Ctrl-C
stops every process (SIGTERM, then SIGKILL after ``STOP_SECONDS``); if one process dies, the
others are stopped and the command fails, as systemd's ``Restart=`` would otherwise hide.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
CADDYFILE = DEPLOY / "Caddyfile"
# Where the units expect the installation (docs/deploy.md).
INSTALLED_ROOT = "/srv/veilleuse"
INSTALLED_BIN = f"{INSTALLED_ROOT}/.venv/bin/"
STOP_SECONDS = 30.0
POLL_SECONDS = 0.2


class ProductionError(Exception):
    """A problem the operator can fix; the message is one sentence."""


@dataclass(frozen=True)
class Unit:
    name: str
    pre: tuple[tuple[str, ...], ...]
    start: tuple[str, ...]


def env_file_read(path: Path) -> dict[str, str]:
    """An environment file as systemd's ``EnvironmentFile=`` reads it: ``NAME=value`` lines,
    ``#`` comments, values optionally quoted. Empty values are left out (unset)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProductionError(f"The environment file {path} cannot be read: {error}.") from None
    values: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip().isidentifier():
            raise ProductionError(f"{path}, line {number}: expected NAME=value, got {raw!r}.")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value:
            values[name.strip()] = value
    return values


def _logical_lines(text: str) -> Iterable[str]:
    """Lines of a unit file, with backslash continuations joined."""
    pending = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield (pending + line).strip()
        pending = ""


def unit_localise(text: str, *, root: Path = ROOT, bin_dir: Path | None = None) -> str:
    """A unit's text with the installation's paths replaced by this checkout's."""
    local_bin = bin_dir or Path(sys.executable).parent
    return text.replace(INSTALLED_BIN, f"{local_bin}/").replace(INSTALLED_ROOT, str(root))


def unit_read(path: Path, *, root: Path = ROOT, bin_dir: Path | None = None) -> Unit:
    """The commands of one ``.service`` file, with the installation's paths made local."""
    text = unit_localise(path.read_text(encoding="utf-8"), root=root, bin_dir=bin_dir)
    pre: list[tuple[str, ...]] = []
    start: tuple[str, ...] = ()
    for line in _logical_lines(text):
        key, sep, value = line.partition("=")
        if not sep or key.strip() not in ("ExecStartPre", "ExecStart"):
            continue
        command = tuple(shlex.split(value))
        if key.strip() == "ExecStart":
            start = command
        else:
            pre.append(command)
    if not start:
        raise ProductionError(f"{path.name} has no ExecStart= line.")
    return Unit(name=path.stem, pre=tuple(pre), start=start)


def units_read(folder: Path = UNITS, *, bin_dir: Path | None = None) -> list[Unit]:
    paths = sorted(folder.glob("veilleuse-*.service"))
    if not paths:
        raise ProductionError(f"No veilleuse-*.service unit in {folder}.")
    return [unit_read(path, bin_dir=bin_dir) for path in paths]


def caddy_unit(caddyfile: Path = CADDYFILE) -> Unit:
    """Caddy in front, as Debian's caddy.service runs it, on the project's Caddyfile."""
    caddy = shutil.which("caddy")
    if caddy is None:
        raise ProductionError(
            "Caddy is not installed (apt-get install caddy), and --with-caddy needs it."
        )
    command = (caddy, "run", "--config", str(caddyfile), "--adapter", "caddyfile")
    return Unit(name="caddy", pre=(), start=command)


def production_environment(env_file: Path | None, base: Mapping[str, str]) -> dict[str, str]:
    """The processes' environment: ours, overridden by the environment file; production only."""
    environment = {**base, **(env_file_read(env_file) if env_file else {})}
    environment["DJANGO_SETTINGS_MODULE"] = "veilleuse.settings"
    if environment.get("VEILLEUSE_PROFILE") != "production":
        raise ProductionError(
            "VEILLEUSE_PROFILE is not 'production': give the installation's environment file "
            "with --env-file (deploy/veilleuse.env.example shows one)."
        )
    return environment


def prepare(units: Sequence[Unit], environment: Mapping[str, str]) -> None:
    """Run every ``ExecStartPre=`` (migrations, static files), stopping at the first failure."""
    for unit in units:
        for command in unit.pre:
            # The commands of our own systemd units (deploy/), never user input.
            result = subprocess.run(command, cwd=ROOT, env=dict(environment), check=False)  # noqa: S603
            if result.returncode != 0:
                raise ProductionError(
                    f"{unit.name}: `{shlex.join(command)}` failed (exit code "
                    f"{result.returncode}); nothing was started."
                )


class Supervisor:
    """The running processes, one per unit; stopped together."""

    def __init__(self, units: Sequence[Unit], environment: Mapping[str, str]) -> None:
        self.units = list(units)
        self.environment = dict(environment)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    def start(self) -> None:
        for unit in self.units:
            # Our own units' commands, as for prepare().
            self.processes[unit.name] = subprocess.Popen(unit.start, cwd=ROOT, env=self.environment)  # noqa: S603

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def wait(self) -> str | None:
        """Until a stop is requested (None) or a process ends on its own (its sentence)."""
        while not self.stopping:
            for name, process in self.processes.items():
                code = process.poll()
                if code is not None:
                    return f"{name} stopped on its own (exit code {code}); stopping the others."
            time.sleep(POLL_SECONDS)
        return None

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def production_run(
    *, env_file: Path | None, with_caddy: bool = False, units_dir: Path = UNITS
) -> int:
    """Prepare, start every unit (and Caddy), supervise until SIGTERM/SIGINT. Returns the
    exit code: 0 after a requested stop, 1 when a process died on its own."""
    environment = production_environment(env_file, os.environ)
    units = units_read(units_dir)
    if with_caddy:
        units.append(caddy_unit())
    prepare(units, environment)
    supervisor = Supervisor(units, environment)
    previous = {
        signum: signal.signal(signum, supervisor.request_stop)
        for signum in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        supervisor.start()
        names = ", ".join(unit.name for unit in units)
        print(f"veilleuse: started {names}; Ctrl-C or SIGTERM stops them.", flush=True)
        failure = supervisor.wait()
    finally:
        supervisor.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if failure:
        print(f"veilleuse: {failure}", file=sys.stderr)
        return 1
    print("veilleuse: every process stopped.", flush=True)
    return 0
