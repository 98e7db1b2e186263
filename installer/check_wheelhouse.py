"""Check that a wheelhouse is complete for an offline build on another platform (Windows by default).

    python installer/check_wheelhouse.py [WHEELHOUSE] [--target win_amd64] [--require NAME ...]

``pip download --platform win_amd64`` run on Linux evaluates environment markers for
*this* machine, so Windows-only requirements (PyInstaller's ``pefile; sys_platform ==
'win32'``) are silently left out.  This script reads every wheel's metadata, evaluates
the markers for the target (CPython 3.11 on 64-bit Windows), and checks that every
requirement of the roots (the application and PyInstaller) is met by a wheel in the
folder, that every wheel can be installed on the target, and that the versions are those
pinned in ``installer/constraints.txt``.  It also checks ``SHA256SUMS`` when present.
Only the standard library and pip's own copy of ``packaging`` are needed.  Exit status 0
when all is well, 1 otherwise.
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import re
import sys
import zipfile
from pathlib import Path

try:
    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.utils import canonicalize_name, parse_wheel_filename
    from packaging.version import Version
except ImportError:  # a bare interpreter: pip carries packaging
    from pip._vendor.packaging.markers import Marker  # type: ignore[no-redef]
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
    from pip._vendor.packaging.specifiers import SpecifierSet  # type: ignore[no-redef]
    from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename  # type: ignore[no-redef]
    from pip._vendor.packaging.version import Version  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent

TARGETS = {
    "win_amd64": {
        "environment": {
            "implementation_name": "cpython",
            "implementation_version": "3.11.9",
            "os_name": "nt",
            "platform_machine": "AMD64",
            "platform_python_implementation": "CPython",
            "platform_release": "10",
            "platform_system": "Windows",
            "platform_version": "10.0.19045",
            "python_full_version": "3.11.9",
            "python_version": "3.11",
            "sys_platform": "win32",
            "extra": "",
        },
        "platforms": {"win_amd64", "any"},
    },
    "manylinux_x86_64": {
        "environment": {
            "implementation_name": "cpython",
            "implementation_version": "3.11.9",
            "os_name": "posix",
            "platform_machine": "x86_64",
            "platform_python_implementation": "CPython",
            "platform_release": "6.1.0",
            "platform_system": "Linux",
            "platform_version": "#1 SMP",
            "python_full_version": "3.11.9",
            "python_version": "3.11",
            "sys_platform": "linux",
            "extra": "",
        },
        "platforms": {"any", "linux_x86_64"},
    },
}

DEFAULT_ROOTS = ["shiraoka-dx-desktop", "pyinstaller"]


def _platform_ok(platform: str, allowed: set[str]) -> bool:
    if platform in allowed:
        return True
    if "linux_x86_64" in allowed:
        return bool(re.fullmatch(r"(many|musl)linux_\d+_\d+_x86_64|manylinux(1|2010|2014)_x86_64", platform))
    return False


def _tag_ok(tag, target: dict) -> bool:  # type: ignore[no-untyped-def]
    if not _platform_ok(tag.platform, target["platforms"]):
        return False
    if tag.interpreter in ("py3", "py311", "cp311"):
        return tag.abi in ("none", "abi3", "cp311")
    match = re.fullmatch(r"cp3(\d+)", tag.interpreter)
    return bool(match) and tag.abi == "abi3" and int(match.group(1)) <= 11


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name.strip())] = version.strip()
    return pins


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheelhouse", nargs="?", type=Path, default=HERE / "wheelhouse")
    parser.add_argument("--target", choices=sorted(TARGETS), default="win_amd64")
    parser.add_argument("--require", action="append", default=None, help="root distributions (repeatable)")
    parser.add_argument("--constraints", type=Path, default=HERE / "constraints.txt")
    arguments = parser.parse_args(argv)
    target = TARGETS[arguments.target]
    environment = target["environment"]
    roots = arguments.require or DEFAULT_ROOTS
    problems: list[str] = []

    wheels: dict[str, list[tuple[Version, Path]]] = {}
    for wheel in sorted(arguments.wheelhouse.glob("*.whl")):
        name, version, _build, tags = parse_wheel_filename(wheel.name)
        if not any(_tag_ok(tag, target) for tag in tags):
            problems.append(f"{wheel.name}: not installable on {arguments.target} / CPython 3.11")
        wheels.setdefault(name, []).append((version, wheel))
    if not wheels:
        print(f"no wheels in {arguments.wheelhouse}", file=sys.stderr)
        return 1
    for name, found in wheels.items():
        if len(found) > 1:
            problems.append(f"{name}: several versions ({', '.join(str(v) for v, _ in found)}); keep one")

    # Walk the requirements from the roots, with the target's markers.
    needed: dict[str, Version] = {}
    queue = [(Requirement(root), "(root)") for root in roots]
    while queue:
        requirement, wanted_by = queue.pop()
        name = canonicalize_name(requirement.name)
        candidates = [
            (version, wheel)
            for version, wheel in wheels.get(name, [])
            if requirement.specifier.contains(version, prereleases=True)
        ]
        if not candidates:
            have = ", ".join(str(v) for v, _ in wheels.get(name, [])) or "none"
            problems.append(f"{requirement} (wanted by {wanted_by}): no matching wheel (have: {have})")
            continue
        version, wheel = max(candidates)
        if name in needed:
            continue
        needed[name] = version
        metadata = _metadata(wheel)
        requires_python = metadata.get("Requires-Python")
        if requires_python and not SpecifierSet(requires_python).contains(environment["python_full_version"]):
            problems.append(f"{wheel.name}: requires Python {requires_python}")
        for text in metadata.get_all("Requires-Dist") or []:
            sub = Requirement(text)
            extra_names = sorted(requirement.extras) or [""]
            if sub.marker is None or any(
                Marker(str(sub.marker)).evaluate({**environment, "extra": e}) for e in extra_names
            ):
                queue.append((sub, f"{name} {version}"))

    extra = sorted(set(wheels) - set(needed))
    pins = _pins(arguments.constraints) if arguments.constraints.is_file() else {}
    for name, version in sorted(needed.items()):
        pinned = pins.get(name)
        if pinned is not None and Version(pinned) != version:
            problems.append(f"{name} {version}: constraints.txt pins {pinned}")

    sums = arguments.wheelhouse / "SHA256SUMS"
    checked = 0
    if sums.is_file():
        listed = {}
        for line in sums.read_text(encoding="utf-8").splitlines():
            if line.strip():
                digest, filename = line.split(maxsplit=1)
                listed[filename.lstrip("*").strip()] = digest.lower()
        for filename, digest in listed.items():
            path = arguments.wheelhouse / filename
            if not path.is_file():
                problems.append(f"SHA256SUMS lists {filename}, which is missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                problems.append(f"{filename}: SHA-256 differs from SHA256SUMS (altered or damaged in transit)")
            checked += 1
        for wheel in arguments.wheelhouse.glob("*.whl"):
            if wheel.name not in listed:
                problems.append(f"{wheel.name}: not listed in SHA256SUMS")

    print(
        f"wheelhouse {arguments.wheelhouse}: {sum(len(v) for v in wheels.values())} wheels, target {arguments.target}"
    )
    print(f"  needed by {', '.join(roots)}: {len(needed)}")
    for name, version in sorted(needed.items()):
        print(f"    {name} {version}")
    if extra:
        print(f"  not needed by those (kept for building from source): {', '.join(extra)}")
    if sums.is_file():
        print(f"  SHA256SUMS: {checked} files checked")
    for problem in problems:
        print(f"  PROBLEM: {problem}", file=sys.stderr)
    print("complete" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
