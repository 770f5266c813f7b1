"""The project's own fault suite (issue 10): every test here is marked ``faults``.

Each injects a fault a real meeting meets (a hostile or damaged batch, a damaged,
locked, older or newer database, two writers, a bad envelope, a full disk, SIGKILL
at a random moment) and asserts what the user notices: a clear message naming the
file, no traceback, no hang, and every byte reported saved still there.

Helpers shared by the suite's files are fixtures here (there are no packages
under tests/): ``cli`` runs the real command line in a subprocess with a timeout,
``clean_failure`` checks what a user reads when it refuses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent

#: No command of the suite may take longer than this: a hang is a failure, not a wait.
CLI_TIMEOUT = 90

Cli = Callable[..., subprocess.CompletedProcess]  # type: ignore[type-arg]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.faults)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this checkout first on the path, the tests' data folder."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1", **extra}


def run_cli(*args: object, input: str | None = None, timeout: float = CLI_TIMEOUT,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """``reviewer ARGS`` as a user runs it; a hang fails the test (TimeoutExpired)."""
    return subprocess.run([sys.executable, "-m", "reviewer", *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          input=input, timeout=timeout, env=env or child_env())


@pytest.fixture
def cli() -> Cli:
    return run_cli


@pytest.fixture
def spawn_cli() -> Iterator[Callable[..., subprocess.Popen]]:  # type: ignore[type-arg]
    """Start ``reviewer ARGS`` without waiting (two at once); each is killed if the test leaves it running."""
    started: list[subprocess.Popen] = []  # type: ignore[type-arg]

    def spawn(*args: object) -> subprocess.Popen:  # type: ignore[type-arg]
        child = subprocess.Popen([sys.executable, "-m", "reviewer", *map(str, args)], cwd=REPO, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=child_env())
        started.append(child)
        return child

    yield spawn
    for child in started:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)


def assert_clean_failure(result: subprocess.CompletedProcess, *needles: str) -> str:  # type: ignore[type-arg]
    """A refusal as the user must see it: exit 2, one line on stderr holding ``needles``, no traceback."""
    message = result.stderr.strip()
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr, result.stdout[-2000:])
    assert message and len(message.splitlines()) == 1, message
    for needle in needles:
        assert needle in message, (needle, message)
    return message


@pytest.fixture
def clean_failure() -> Callable[..., str]:
    return assert_clean_failure


# --- small and read-only media ---------------------------------------------------------------

def can_mount() -> bool:
    """Root on Linux mounts real small disks; REVIEWER_FAULTS_NO_MOUNT=1 tries the other way there too."""
    if os.environ.get("REVIEWER_FAULTS_NO_MOUNT"):
        return False
    return hasattr(os, "geteuid") and os.geteuid() == 0 and sys.platform.startswith("linux")


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (as root): a disk that really fills up."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True, timeout=30)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, timeout=30)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk holding ``folder`` until at most ``leave`` bytes are free."""
    ballast = folder / "ballast"
    with open(ballast, "ab") as f:
        while True:
            free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
            if free <= leave:
                break
            try:
                f.write(bytes(min(1 << 20, max(free - leave, 512))))
                f.flush()
            except OSError:
                break


@pytest.fixture
def read_only_copy(review_path: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the demo review on a read-only medium (a tmpfs remounted read-only; not root: mode 0444)."""
    if not can_mount():
        review_path.chmod(0o444)
        yield review_path
        review_path.chmod(0o644)
        return
    with small_disk(tmp_path / "ro", "4m") as folder:
        target = folder / "review.sqlite"
        shutil.copy(review_path, target)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, timeout=30)
        yield target


# --- a panel: the chair's review, the experts' packages, one expert's scored review and score file ------

DEMO_BATCH = REPO / "resources" / "demo" / "batch"
EXPERTS_CSV = ("姓名,工作单位,省份,评审方向,回避关系\n"
               "张明,浙江大学,浙江省,\"1,2,3\",杭州云栖映画数字科技有限公司\n"
               "王芳,北京邮电大学,北京市,全部,\n")


def cli_ok(*args: object) -> str:
    result = run_cli(*args)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def score_everything(db: Path) -> dict[tuple[int, str], float]:
    """Score every criterion and write every opinion of a review; what was committed."""
    from reviewer.review import Review

    review = Review.open(db)
    given = {}
    for i, d in enumerate(review.declarations()):
        for c in review.rubric(d.direction).criteria:
            given[(d.id, c.id)] = max(0.0, c.max - (i % 3))
            review.set_points(d.id, c.id, given[(d.id, c.id)])
        review.set_opinion(d.id, f"意见 {i}")
        review.set_recommendation(d.id, "recommend")
    review.close()
    return given


@pytest.fixture(scope="session")
def panel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built once through the CLI: ``chair`` (imported, experts assigned), ``package`` and ``passphrase``
    (王芳's), ``expert`` (her scored review), ``scores`` (her signed score file). Tests copy what they change."""
    import csv

    root = tmp_path_factory.mktemp("panel")
    chair = root / "chair.sqlite"
    cli_ok("import", DEMO_BATCH, "--db", chair)
    (root / "experts.csv").write_text(EXPERTS_CSV, encoding="utf-8-sig")
    cli_ok("experts", "--db", chair, "--add", root / "experts.csv")
    cli_ok("packages", "--db", chair, "--out", root / "packages", "--passphrases", root / "passphrases", "--no-slips")
    with open(root / "passphrases" / "口令清单.csv", encoding="utf-8-sig") as f:
        listed = {row["专家"]: row for row in csv.DictReader(f)}
    passphrase = root / "wang.pass"
    passphrase.write_text(listed["王芳"]["口令"], encoding="utf-8")
    package = root / "packages" / listed["王芳"]["工作包文件"]
    expert = root / "expert" / "wang.sqlite"
    expert.parent.mkdir()
    cli_ok("open-package", package, "--db", expert, "--passphrase-file", passphrase)
    score_everything(expert)
    cli_ok("export-scores", "--db", expert, "--out", root / "wang.rvscore")
    return {"root": root, "chair": chair, "package": package, "passphrase": passphrase, "expert": expert,
            "scores": root / "wang.rvscore"}


def leftovers(folder: Path) -> list[str]:
    """Temporaries and partial files a writer left in ``folder`` (recursively)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.startswith(".~") or p.name.endswith((".partial", ".tmp")) or "-journal" in p.name)
