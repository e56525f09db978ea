#!/usr/bin/env python3
"""The first-load budget: JS + WASM that /login and /my fetch before they are
interactive, gzip -9, at most 250 KB each (issue 7).

    scripts/bundle-size.py [SITE_PKG_DIR] [--budget-kb N] [--all]

A page first fetches the shell (the bindgen JS, the chunk loader
`__wasm_split.*.js` and the main WASM) and the chunks of its lazy page
groups, all in one answer from `/chunks/` (src/ui/hydration.rs,
`page_chunks`: a line of JSON naming each chunk, then the chunks), which
the server gzips; the manifest (`__wasm_split_manifest.*.json`) lists each
group's files. The page's messages (`/i18n/`) are text, not counted. Reads the current
release's names from hash.txt beside the release server binary, prints
raw, gzip and brotli sizes per page, and exits 1 when a page is over the
budget. `--all` also lists every group. Run `cargo xtask build --release`
first.
"""
import argparse
import gzip
import json
import os
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The lazy page groups each page needs (src/app.rs, `chunks!`).
FIRST_LOADS = {"/login": ["sign_in"], "/my": ["portal_home"]}


def release_names():
    cache = os.environ.get("XDG_CACHE_HOME", str(pathlib.Path.home() / ".cache"))
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", f"{cache}/portico/target"))
    hashes = target / "release" / "hash.txt"
    if not hashes.exists():
        return None
    return dict(
        (k.strip(), v.strip())
        for k, v in (line.split(":", 1) for line in hashes.read_text().splitlines() if ":" in line)
    )


def sizes(path: pathlib.Path):
    raw = path.read_bytes()
    br_path = path.with_name(path.name + ".br")
    br = br_path.stat().st_size if br_path.exists() else 0
    return len(raw), len(gzip.compress(raw, 9)), br


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pkg", nargs="?", default=str(ROOT / "target/site/pkg"))
    parser.add_argument("--budget-kb", type=float, default=250)
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()
    pkg = pathlib.Path(args.pkg)
    names = release_names()
    if names is None or "split" not in names:
        print("bundle-size: no release hash.txt with a split bundle: run `cargo xtask build --release` first")
        return 2
    shell = [
        pkg / f"portico.{names['js']}.js",
        pkg / f"__wasm_split.{names['split']}.js",
        pkg / f"portico.{names['wasm']}.wasm",
    ]
    manifest_path = pkg / f"__wasm_split_manifest.{names['manifest']}.json"
    missing = [str(f) for f in [*shell, manifest_path] if not f.exists()]
    if missing:
        print(f"bundle-size: {', '.join(missing)} missing: run `cargo xtask build --release` first")
        return 2
    manifest = json.loads(manifest_path.read_text())

    def group_files(group):
        keys = [k for k in manifest if re.fullmatch(rf"{group}_\d+", k)]
        if len(keys) != 1:
            raise SystemExit(f"bundle-size: the manifest has no single entry for group {group}: {sorted(manifest)}")
        return [pkg / f"{stem}.wasm" for stem in manifest[keys[0]]]

    print("| file | raw | gzip -9 | brotli (served) |\n|---|---:|---:|---:|")
    for path in shell:
        raw, gz, br = sizes(path)
        print(f"| {path.name} | {raw / 1000:.1f} KB | {gz / 1000:.1f} KB | {br / 1000:.1f} KB |")
    shell_gz = sum(sizes(p)[1] for p in shell)
    verdicts = []
    print()
    for page, groups in FIRST_LOADS.items():
        files = []
        for group in groups:
            files += [f for f in group_files(group) if f not in files]
        # As the server answers /chunks/: the index line, then the chunks.
        index = [[f"/pkg/{f.name}", f.stat().st_size] for f in files]
        body = json.dumps(index, separators=(",", ":")).encode() + b"\n"
        body += b"".join(f.read_bytes() for f in files)
        chunk_raw, chunk_gz = len(body), len(gzip.compress(body, 9))
        total = shell_gz + chunk_gz
        within = total <= args.budget_kb * 1000
        verdicts.append(within)
        print(
            f"{page}: shell {shell_gz / 1000:.1f} KB + {len(files)} chunks in one answer "
            f"{chunk_raw / 1000:.1f} KB raw, {chunk_gz / 1000:.1f} KB gzip "
            f"= {total / 1000:.1f} KB gzip; budget {args.budget_kb:.0f} KB: {'within' if within else 'OVER'}"
        )
    if args.all:
        print()
        for key in sorted(manifest):
            gz = sum(sizes(pkg / f"{stem}.wasm")[1] for stem in manifest[key])
            print(f"{key}: {len(manifest[key])} file(s), {gz / 1000:.1f} KB gzip")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
