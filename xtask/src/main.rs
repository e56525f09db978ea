//! Portico's build driver: `cargo xtask build [--release]`.
//!
//! Builds what `cargo leptos build` builds, from the same
//! `[package.metadata.leptos]` settings, with no tool to install first:
//! the WASM bundle (cargo, then wasm-bindgen as a library, then `wasm-opt`
//! for release), the stylesheet and the static assets into the site root,
//! each file of `pkg/` named by its content's hash and precompressed (brotli
//! and gzip), the service worker told those names, and the server binary
//! with `hash.txt` beside it (which Leptos reads to name the files in
//! pages). A step whose input did not change is skipped, so a warm run
//! costs what cargo's own up-to-date check costs.
//!
//! `cargo leptos build` / `watch` keep working for contributors who have
//! cargo-leptos: both read the same settings.

use sha2::{Digest, Sha256};
use std::{
    env, fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("build") => {
            let release = args.iter().any(|a| a == "--release");
            let site_only = args.iter().any(|a| a == "--site-only");
            Settings::load().and_then(|settings| build(&settings, release, site_only))
        }
        _ => {
            eprintln!(
                "usage: cargo xtask build [--release] [--site-only]\n\
                 \n  build        the site (target/site) and the server binary\n  \
                 --release    optimised server, size-optimised WASM (wasm-opt)\n  \
                 --site-only  skip the server binary"
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The build settings of `[package.metadata.leptos]`, resolved to paths.
struct Settings {
    root: PathBuf,
    target_dir: PathBuf,
    output_name: String,
    site_root: PathBuf,
    pkg_dir: String,
    style_file: PathBuf,
    assets_dir: PathBuf,
    lib_features: Vec<String>,
    bin_features: Vec<String>,
    lib_profile_release: String,
}

impl Settings {
    fn load() -> Result<Self> {
        // Read at run time (`cargo run` sets it): clones that share one
        // target folder share this binary, and a path compiled in would
        // point at whichever clone built it last.
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .ok_or("xtask lives in a folder of the repository")?
            .to_path_buf();
        let manifest: toml::Value = fs::read_to_string(root.join("Cargo.toml"))?.parse()?;
        let meta = manifest
            .get("package")
            .and_then(|p| p.get("metadata"))
            .and_then(|m| m.get("leptos"))
            .ok_or("Cargo.toml has no [package.metadata.leptos]")?;
        let text = |key: &str| -> Result<String> {
            Ok(meta
                .get(key)
                .and_then(toml::Value::as_str)
                .ok_or_else(|| format!("[package.metadata.leptos] {key} is missing"))?
                .to_owned())
        };
        let list = |key: &str| -> Vec<String> {
            meta.get(key)
                .and_then(toml::Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let target_dir = env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        // As cargo-leptos: LEPTOS_SITE_ROOT wins; relative paths are the
        // repository's.
        let site_root = env::var("LEPTOS_SITE_ROOT").unwrap_or(text("site-root")?);
        Ok(Self {
            site_root: root.join(site_root),
            target_dir,
            output_name: text("output-name")?,
            pkg_dir: text("site-pkg-dir")?,
            style_file: root.join(text("style-file")?),
            assets_dir: root.join(text("assets-dir")?),
            lib_features: list("lib-features"),
            bin_features: list("bin-features"),
            lib_profile_release: text("lib-profile-release")?,
            root,
        })
    }

    fn pkg(&self) -> PathBuf {
        self.site_root.join(&self.pkg_dir)
    }
}

fn build(settings: &Settings, release: bool, site_only: bool) -> Result<()> {
    let started = Instant::now();
    fs::create_dir_all(settings.pkg())?;
    let wasm = step("wasm: cargo build", || build_wasm(settings, release))?;
    let (js_hash, wasm_hash) = step("wasm: bindgen, optimise, hash, compress", || {
        package_wasm(settings, &wasm, release)
    })?;
    let css_hash = step("css", || package_css(settings, release))?;
    step("assets", || {
        copy_assets(settings, &[&js_hash, &wasm_hash, &css_hash])
    })?;
    if !site_only {
        let bin_dir = step("server: cargo build", || build_server(settings, release))?;
        let hashes = format!("js: {js_hash}\nwasm: {wasm_hash}\ncss: {css_hash}\n");
        write_if_changed(&bin_dir.join("hash.txt"), hashes.as_bytes())?;
    }
    println!(
        "xtask: site ready in {} ({:.1} s)",
        settings.site_root.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn step<T>(name: &str, run: impl FnOnce() -> Result<T>) -> Result<T> {
    let started = Instant::now();
    let value = run().map_err(|e| format!("{name}: {e}"))?;
    println!("xtask: {name}: {:.1} s", started.elapsed().as_secs_f64());
    Ok(value)
}

fn cargo(settings: &Settings, args: &[&str]) -> Result<()> {
    let status = Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(&settings.root)
        .env("CARGO_TARGET_DIR", &settings.target_dir)
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args.join(" ")).into())
    }
}

/// Compiles the hydrating library to WASM; returns the `.wasm` file.
fn build_wasm(settings: &Settings, release: bool) -> Result<PathBuf> {
    let features = settings.lib_features.join(",");
    let profile = if release {
        settings.lib_profile_release.as_str()
    } else {
        "dev"
    };
    cargo(
        settings,
        &[
            "build",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            &features,
            "--profile",
            profile,
        ],
    )?;
    let profile_dir = if profile == "dev" { "debug" } else { profile };
    Ok(settings
        .target_dir
        .join("wasm32-unknown-unknown")
        .join(profile_dir)
        .join(format!("{}.wasm", settings.output_name.replace('-', "_"))))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Short content hash for a file name, as cargo-leptos writes them.
fn file_hash(bytes: &[u8]) -> String {
    sha256_hex(bytes)[..20].to_owned()
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes)?;
    Ok(true)
}

/// Writes `name` into `pkg/` — with its `.br` and `.gz` beside it when
/// `compressed` (release builds; a debug bundle is large and served
/// locally) — and removes older files of the same stem and extension.
fn publish(
    settings: &Settings,
    stem: &str,
    extension: &str,
    bytes: &[u8],
    compressed: bool,
) -> Result<String> {
    let hash = file_hash(bytes);
    let pkg = settings.pkg();
    let name = format!("{stem}.{hash}.{extension}");
    for entry in fs::read_dir(&pkg)? {
        let old = entry?.file_name().to_string_lossy().into_owned();
        let ours = old.starts_with(&format!("{stem}.")) && !old.starts_with(&name);
        let same_kind = old.ends_with(&format!(".{extension}"))
            || old.ends_with(&format!(".{extension}.br"))
            || old.ends_with(&format!(".{extension}.gz"));
        if ours && same_kind {
            fs::remove_file(pkg.join(old))?;
        }
    }
    let path = pkg.join(&name);
    let written = write_if_changed(&path, bytes)?;
    if compressed && (written || !pkg.join(format!("{name}.br")).exists()) {
        compress(&path, bytes)?;
    }
    Ok(hash)
}

/// Brotli (quality 11) and gzip (level 9) copies for `Accept-Encoding`.
fn compress(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut br = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        writer.write_all(bytes)?;
    }
    fs::write(with_suffix(path, "br"), br)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    fs::write(with_suffix(path, "gz"), gz.finish()?)?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// wasm-bindgen, then wasm-opt (release), then hashed names; skipped when
/// the compiled WASM is the one packaged last time.
fn package_wasm(settings: &Settings, wasm: &Path, release: bool) -> Result<(String, String)> {
    let input = fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let marker = settings.pkg().join(".wasm-input");
    let fingerprint = format!("{} {}\n", sha256_hex(&input), release);
    if let Ok(previous) = fs::read_to_string(&marker) {
        if let Some((fp, hashes)) = previous.split_once('|') {
            let (js_hash, wasm_hash) = hashes.trim().split_once(' ').unwrap_or_default();
            let name = &settings.output_name;
            let pkg = settings.pkg();
            if fp == fingerprint.trim()
                && pkg.join(format!("{name}.{js_hash}.js")).exists()
                && pkg.join(format!("{name}.{wasm_hash}.wasm")).exists()
            {
                return Ok((js_hash.to_owned(), wasm_hash.to_owned()));
            }
        }
    }
    let scratch = settings.target_dir.join("xtask-bindgen");
    fs::create_dir_all(&scratch)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(wasm)
        .out_name(&settings.output_name)
        .web(true)?
        .typescript(false)
        .generate(&scratch)?;
    let bindgen_wasm = scratch.join(format!("{}_bg.wasm", settings.output_name));
    if release {
        let optimised = scratch.join(format!("{}_opt.wasm", settings.output_name));
        let status = Command::new("wasm-opt")
            .arg("-Oz")
            .arg(&bindgen_wasm)
            .arg("-o")
            .arg(&optimised)
            .status()
            .map_err(|e| format!("wasm-opt (npm i -g binaryen): {e}"))?;
        if !status.success() {
            return Err(format!("wasm-opt failed ({status})").into());
        }
        fs::rename(&optimised, &bindgen_wasm)?;
    }
    let js = fs::read(scratch.join(format!("{}.js", settings.output_name)))?;
    let wasm_bytes = fs::read(&bindgen_wasm)?;
    let js_hash = publish(settings, &settings.output_name, "js", &js, release)?;
    let wasm_hash = publish(
        settings,
        &settings.output_name,
        "wasm",
        &wasm_bytes,
        release,
    )?;
    fs::write(
        &marker,
        format!("{}|{js_hash} {wasm_hash}\n", fingerprint.trim()),
    )?;
    Ok((js_hash, wasm_hash))
}

fn package_css(settings: &Settings, release: bool) -> Result<String> {
    let css = fs::read(&settings.style_file)
        .map_err(|e| format!("{}: {e}", settings.style_file.display()))?;
    publish(settings, &settings.output_name, "css", &css, release)
}

/// Copies the static assets into the site root, with the service worker
/// told the hashed names and a cache version that changes with them.
fn copy_assets(settings: &Settings, hashes: &[&str; 3]) -> Result<()> {
    copy_tree(&settings.assets_dir, &settings.site_root)?;
    let sw_path = settings.site_root.join("sw.js");
    if let Ok(source) = fs::read_to_string(settings.assets_dir.join("sw.js")) {
        let [js, wasm, css] = hashes;
        let name = &settings.output_name;
        let pkg = &settings.pkg_dir;
        let version = &sha256_hex(format!("{js}{wasm}{css}").as_bytes())[..12];
        let files = format!(
            "const PKG_FILES = ['/{pkg}/{name}.{css}.css', '/{pkg}/{name}.{js}.js', '/{pkg}/{name}.{wasm}.wasm'];"
        );
        let rendered: String = source
            .lines()
            .map(|line| {
                if line.starts_with("const PKG_FILES = ") {
                    files.clone()
                } else if line.starts_with("const CACHE_VERSION = ") {
                    format!("const CACHE_VERSION = '{version}';")
                } else {
                    line.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        write_if_changed(&sw_path, format!("{rendered}\n").as_bytes())?;
    }
    for text in [
        "sw.js",
        "register-sw.js",
        "password-strength.js",
        "offline.html",
        "manifest.webmanifest",
        "icons/icon.svg",
    ] {
        let path = settings.site_root.join(text);
        if let Ok(bytes) = fs::read(&path) {
            let br = with_suffix(&path, "br");
            let stale = fs::metadata(&br)
                .and_then(|m| m.modified())
                .ok()
                .zip(fs::metadata(&path).and_then(|m| m.modified()).ok())
                .is_none_or(|(compressed, original)| compressed < original);
            if stale {
                compress(&path, &bytes)?;
            }
        }
    }
    Ok(())
}

/// Copies files that are missing or differ; leaves the rest alone.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if entry.file_name() != "sw.js" {
            write_if_changed(&target, &fs::read(entry.path())?)?;
        }
    }
    Ok(())
}

/// Compiles the server; returns the folder of the binary.
fn build_server(settings: &Settings, release: bool) -> Result<PathBuf> {
    let features = settings.bin_features.join(",");
    let mut args = vec!["build", "--bin", "portico", "--features", &features];
    if release {
        args.push("--release");
    }
    cargo(settings, &args)?;
    Ok(settings
        .target_dir
        .join(if release { "release" } else { "debug" }))
}
