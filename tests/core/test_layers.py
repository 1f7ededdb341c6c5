"""The layers contract of pyproject.toml ([tool.importlinter], run by `make lint`) holds for the
code as it is, and fails as soon as an app imports one above it, or a sibling on its own layer —
at the top of a module or inside a function alike. The failing cases run the project's own
contract on a copy of the package with one deliberate bad import added."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the venv's lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(cwd / "pyproject.toml")],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def copy_of_the_project(tmp_path_factory) -> Path:
    """The package's Python modules and the project's pyproject.toml, in a scratch folder."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    for source in (ROOT / "yingcai").rglob("*.py"):
        target = root / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    return root


@pytest.fixture
def with_module(copy_of_the_project):
    """Add one module to the copy for the length of a test."""
    added: list[Path] = []

    def add(dotted: str, code: str) -> Path:
        path = copy_of_the_project.joinpath(*dotted.split(".")).with_suffix(".py")
        path.write_text(code)
        added.append(path)
        return copy_of_the_project

    yield add
    for path in added:
        path.unlink()


def test_the_code_keeps_the_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_unchanged_copy_keeps_the_layers(copy_of_the_project):
    """The failures below are the added import's, not the copy's."""
    result = lint_imports(copy_of_the_project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("importer", "code", "message"),
    [
        # The bottom layer reaching the top.
        (
            "yingcai.core.upward",
            "from yingcai.console.views import home  # noqa\n",
            "yingcai.core is not allowed to import yingcai.console",
        ),
        # Accounts reading the registry, one layer up (the cycle this contract was made against).
        (
            "yingcai.accounts.upward",
            "from yingcai.registry.models import Unit  # noqa\n",
            "yingcai.accounts is not allowed to import yingcai.registry",
        ),
        # A function-level import counts as much as one at the top of the module.
        (
            "yingcai.selection.upward",
            "def later():\n    from yingcai.projects.domain.projects import open_project  # noqa\n",
            "yingcai.selection is not allowed to import yingcai.projects",
        ),
        # Siblings on one layer are independent of each other.
        (
            "yingcai.support.sideways",
            "import yingcai.projects.models  # noqa\n",
            "yingcai.support is not allowed to import yingcai.projects",
        ),
    ],
)
def test_an_import_of_a_higher_layer_breaks_the_contract(with_module, importer, code, message):
    result = lint_imports(with_module(importer, code))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "0 kept, 1 broken" in result.stdout
    assert message in result.stdout
    assert importer in result.stdout
