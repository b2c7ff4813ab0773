"""Every file or folder of the project that the README, CONTRIBUTING, CHANGELOG, SECURITY or docs/ name exists."""

import re

import pytest

from dashboard.core.paths import PROJECT_ROOT

DOCUMENTS = [
    PROJECT_ROOT / "README.md",
    PROJECT_ROOT / "CONTRIBUTING.md",
    PROJECT_ROOT / "CHANGELOG.md",
    PROJECT_ROOT / "SECURITY.md",
    PROJECT_ROOT / "data" / "README.md",
    *sorted((PROJECT_ROOT / "docs").glob("*.md")),
]
TOP_LEVEL = {path.name for path in PROJECT_ROOT.iterdir() if not path.name.startswith(".") or path.name == ".ci"}
# A path-like word: folders and a file name, or a file name with one of the project's extensions.
PATH_LIKE = re.compile(
    r"(?<![\w/.~$])(?:[\w.\-]+(?:/[\w.\-]*)+|[\w\-]+\.(?:py|md|csv|geojson|json|txt|toml|conf|sh|parquet)\b)"
)


def _named_paths(text: str) -> set[str]:
    """Project paths in inline code and in code blocks, as written (relative to the root or to data/)."""
    spans = re.findall(r"```.*?```", text, flags=re.S) + re.findall(r"`([^`\n]+)`", text)
    return {match for span in spans for match in PATH_LIKE.findall(span)}


def _exists(name: str, document) -> bool:
    candidates = [PROJECT_ROOT / name, document.parent / name, PROJECT_ROOT / "dashboard" / name]
    return any(candidate.exists() for candidate in candidates)


def _is_project_path(name: str) -> bool:
    """Paths from the root, data/ or dashboard/; a lone folder name only when it is a top-level one."""
    first = name.split("/")[0]
    if "/" not in name and "." not in name:
        return name in TOP_LEVEL
    return first in TOP_LEVEL or first in {"core", "views", "components", "cli", "static"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(PROJECT_ROOT)))
def test_every_named_project_path_exists(document):
    named = {name.rstrip("/.") for name in _named_paths(document.read_text(encoding="utf-8"))}
    missing = sorted(name for name in named if _is_project_path(name) and not _exists(name, document))
    assert missing == []


def test_every_entry_of_the_readme_layout_exists():
    """The README's Layout block: `folder/  entries...`; each file or folder entry exists in that folder."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Layout\n+```\n(.*?)```", text, flags=re.S)
    assert block
    folder, checked, missing = PROJECT_ROOT, 0, []
    for line in block.group(1).splitlines():
        head = re.match(r"(\S+)\s", line)
        if head:
            folder = PROJECT_ROOT / head.group(1).rstrip("/")
            assert folder.exists(), head.group(1)
            line = line[head.end() :]
        # Entries: file names with an extension, or folder names written with a trailing slash.
        for entry in re.findall(r"(?<![\w/.`])([\w\-]+(?:/[\w\-]+)*(?:\.[a-z]+|/))(?![\w`])", line):
            checked += 1
            if not ((folder / entry).exists() or (PROJECT_ROOT / entry).exists()):
                missing.append(f"{folder.relative_to(PROJECT_ROOT)}/{entry}")
    assert checked > 20
    assert missing == []
