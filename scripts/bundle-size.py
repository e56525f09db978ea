#!/usr/bin/env python3
"""The first-load budget: JS + WASM that /login and /my fetch before they are
interactive, gzip -9, at most 250 KB (issue 7).

    scripts/bundle-size.py [SITE_PKG_DIR] [--budget-kb N]

Reads the files of the current release from hash.txt beside the release
server binary when present (else the newest portico.*.js/.wasm in the
folder), prints raw, gzip and brotli sizes, and exits 1 over the budget.
Run `cargo xtask build --release` first.
"""
import argparse
import gzip
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def release_files(pkg: pathlib.Path):
    cache = os.environ.get("XDG_CACHE_HOME", str(pathlib.Path.home() / ".cache"))
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", f"{cache}/portico/target"))
    hashes = target / "release" / "hash.txt"
    if hashes.exists():
        table = dict(
            (k.strip(), v.strip())
            for k, v in (line.split(":", 1) for line in hashes.read_text().splitlines() if ":" in line)
        )
        return [pkg / f"portico.{table['js']}.js", pkg / f"portico.{table['wasm']}.wasm"]
    newest = lambda pattern: max(pkg.glob(pattern), key=lambda p: p.stat().st_mtime)
    return [newest("portico.*.js"), newest("portico.*.wasm")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pkg", nargs="?", default=str(ROOT / "target/site/pkg"))
    parser.add_argument("--budget-kb", type=float, default=250)
    args = parser.parse_args()
    files = release_files(pathlib.Path(args.pkg))
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        print(f"bundle-size: {', '.join(missing)} missing: run `cargo xtask build --release` first")
        return 2
    total = 0
    print("| file | raw | gzip -9 | brotli (served) |\n|---|---:|---:|---:|")
    for path in files:
        raw = path.read_bytes()
        gz = len(gzip.compress(raw, 9))
        br_path = path.with_name(path.name + ".br")
        br = br_path.stat().st_size if br_path.exists() else 0
        total += gz
        print(f"| {path.name} | {len(raw) / 1000:.1f} KB | {gz / 1000:.1f} KB | {br / 1000:.1f} KB |")
    verdict = "within" if total <= args.budget_kb * 1000 else "OVER"
    print(f"\nJS + WASM, gzip: {total / 1000:.1f} KB; budget {args.budget_kb:.0f} KB: {verdict}")
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    sys.exit(main())
