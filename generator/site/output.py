"""What the render stage produces: ``{docs-relative path: text or bytes}``, joined from its parts."""

from __future__ import annotations

from generator.errors import BuildFailed

Output = dict[str, str | bytes]


def merge(parts: list[tuple[str, Output]]) -> Output:
    """Join the parts' files; two parts claiming one path is a build error."""
    out: Output = {}
    owner: dict[str, str] = {}
    for name, files in parts:
        for path, content in files.items():
            if path in out:
                raise BuildFailed(f"{path} is generated twice (by {owner[path]} and {name})")
            out[path] = content
            owner[path] = name
    return dict(sorted(out.items()))
