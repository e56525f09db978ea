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
//! `cargo leptos build --split` / `watch --split` keep working for
//! contributors who have cargo-leptos: both read the same settings, and the
//! lazy routes need the split.

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
    let bundle = step("wasm: split, bindgen, optimise, hash, compress", || {
        package_wasm(settings, &wasm, release)
    })?;
    let css_hash = step("css", || package_css(settings, release))?;
    step("assets", || copy_assets(settings, &bundle, &css_hash))?;
    if !site_only {
        let bin_dir = step("server: cargo build", || build_server(settings, release))?;
        let hashes = format!(
            "js: {}\nwasm: {}\ncss: {css_hash}\nsplit: {}\nmanifest: {}\n",
            bundle.js, bundle.wasm, bundle.split, bundle.manifest
        );
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

/// What `package_wasm` published: the hashed names Leptos is told in
/// `hash.txt` and the service worker precaches.
struct WasmBundle {
    js: String,
    wasm: String,
    /// The loader of the lazily fetched chunks (`__wasm_split.<split>.js`).
    split: String,
    /// Which chunks each `#[lazy]` function needs, read by the server to
    /// preload a page's chunks with its HTML
    /// (`__wasm_split_manifest.<manifest>.json`). Measured on /my at 4x CPU
    /// slowdown: 140 ms of blocking time with the preloads, 690 ms when the
    /// loader fetches the 81 chunks itself as the page hydrates.
    manifest: String,
}

/// The name `wasm_split_cli_support` gives the loader and Leptos expects
/// without hashes: 22 placeholder characters, which the hashed name keeps so
/// that the main WASM, which imports it by name, can be patched in place.
const SPLIT_LOADER: &str = "__wasm_split.______________________.js";

/// Split at the `#[lazy]` functions, wasm-bindgen, wasm-opt (release), then
/// hashed names; skipped when the compiled WASM is the one packaged last
/// time.
fn package_wasm(settings: &Settings, wasm: &Path, release: bool) -> Result<WasmBundle> {
    let input = fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let marker = settings.pkg().join(".wasm-input");
    // The packaging itself (this file: how the loader is patched) is an
    // input too, or a change to it would leave a stale loader in place.
    let packager = sha256_hex(include_str!("main.rs").as_bytes());
    let fingerprint = format!(
        "{} {}",
        sha256_hex(&[input.as_slice(), packager.as_bytes()].concat()),
        release
    );
    let name = &settings.output_name;
    let pkg = settings.pkg();
    if let Ok(previous) = fs::read_to_string(&marker) {
        let fields: Vec<&str> = previous.split_whitespace().collect();
        if let [fp, mode, js, wasm, split, manifest] = fields[..] {
            if format!("{fp} {mode}") == fingerprint
                && pkg.join(format!("{name}.{js}.js")).exists()
                && pkg.join(format!("{name}.{wasm}.wasm")).exists()
                && pkg.join(format!("__wasm_split.{split}.js")).exists()
            {
                return Ok(WasmBundle {
                    js: js.to_owned(),
                    wasm: wasm.to_owned(),
                    split: split.to_owned(),
                    manifest: manifest.to_owned(),
                });
            }
        }
    }
    let scratch = settings.target_dir.join("xtask-bindgen");
    let chunks_dir = scratch.join("split");
    if chunks_dir.exists() {
        fs::remove_dir_all(&chunks_dir)?;
    }
    fs::create_dir_all(&chunks_dir)?;
    let main_wasm = scratch.join(format!("{name}_split.wasm"));
    let main_module = format!("./{name}.js");
    let link_name = format!("./{SPLIT_LOADER}");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &chunks_dir;
        options.main_out_path = &main_wasm;
        options.main_module = &main_module;
        // A relative module path: the main JS imports the loader by it.
        options.link_name = &link_name;
        options
    })
    .map_err(|e| format!("wasm-split: {e:#}"))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main_wasm)
        .out_name(name)
        .web(true)?
        .typescript(false)
        // The chunks call into the main module through these exports, by
        // their linker names.
        .keep_lld_exports(true)
        .demangle(false)
        .generate(&scratch)?;
    let bindgen_wasm = scratch.join(format!("{name}_bg.wasm"));
    if release {
        let mut files = vec![bindgen_wasm.clone()];
        files.extend(split.split_modules.iter().cloned());
        wasm_opt_all(&files)?;
    }

    // Chunks first: their names go into the loader and the manifest.
    let mut loader = take_started_requests(&fs::read_to_string(chunks_dir.join(SPLIT_LOADER))?)?;
    let mut chunk_names = std::collections::HashMap::new();
    let mut chunk_files = Vec::new();
    for chunk in &split.split_modules {
        let stem = chunk
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or("wasm-split wrote a chunk without a name")?
            .to_owned();
        let bytes = fs::read(chunk)?;
        let hashed = format!("{stem}.{}", file_hash(&bytes));
        loader = loader.replace(
            &format!("\"./{stem}.wasm\""),
            &format!("\"./{hashed}.wasm\""),
        );
        chunk_files.push((format!("{hashed}.wasm"), bytes));
        chunk_names.insert(stem, hashed);
    }
    let manifest: std::collections::BTreeMap<&String, Vec<&String>> = split
        .prefetch_map
        .iter()
        .map(|(lazy_fn, stems)| {
            let files = stems
                .iter()
                .map(|s| chunk_names.get(s).unwrap_or(s))
                .collect();
            (lazy_fn, files)
        })
        .collect();
    let manifest = serde_json::to_vec_pretty(&manifest)?;

    // The main JS and the loader import each other, so one hash of the whole
    // bundle names the loader (22 characters, as the placeholder); the JS and
    // the WASM are then named by their final content.
    let mut js = fs::read_to_string(scratch.join(format!("{name}.js")))?;
    let mut main = fs::read(&bindgen_wasm)?;
    let bundle_hash = {
        let mut all = Sha256::new();
        all.update(js.as_bytes());
        all.update(&main);
        all.update(loader.as_bytes());
        all.update(&manifest);
        sha256_hex(&all.finalize())[..22].to_owned()
    };
    let loader_name = format!("__wasm_split.{bundle_hash}.js");
    js = js.replace(SPLIT_LOADER, &loader_name);
    replace_bytes(&mut main, SPLIT_LOADER.as_bytes(), loader_name.as_bytes());
    let js_hash = file_hash(js.as_bytes());
    loader = loader.replace(&main_module, &format!("./{name}.{js_hash}.js"));

    let mut keep: Vec<String> = chunk_files.iter().map(|(f, _)| f.clone()).collect();
    keep.push(loader_name.clone());
    for (file, bytes) in &chunk_files {
        publish_file(settings, file, bytes, release)?;
    }
    publish_file(settings, &loader_name, loader.as_bytes(), release)?;
    let manifest_hash = file_hash(&manifest);
    let manifest_name = format!("__wasm_split_manifest.{manifest_hash}.json");
    publish_file(settings, &manifest_name, &manifest, false)?;
    keep.push(manifest_name);
    remove_stale_chunks(settings, &keep)?;
    let js_hash = publish(settings, name, "js", js.as_bytes(), release)?;
    let wasm_hash = publish(settings, name, "wasm", &main, release)?;
    fs::write(
        &marker,
        format!("{fingerprint} {js_hash} {wasm_hash} {bundle_hash} {manifest_hash}\n"),
    )?;
    Ok(WasmBundle {
        js: js_hash,
        wasm: wasm_hash,
        split: bundle_hash,
        manifest: manifest_hash,
    })
}

/// The page's loading script (`src/ui/hydration.js`) fetches all the
/// chunks of the page's groups as one file and leaves their bytes, by URL,
/// in `globalThis.__porticoChunks`; the loader takes a chunk from there
/// rather than fetching it, and compiles it from its bytes. Measured on
/// `/my` (81 chunks): each `fetch` costs the main thread about a
/// millisecond on a phone, and compiling from a `Response` (as
/// `instantiateStreaming` does) another half millisecond per chunk on the
/// main thread, all in the task that hydrates the page; `instantiate` on
/// bytes compiles off it. A chunk not there, or asked for again (a retry
/// after a failed load), is fetched on its own.
fn take_started_requests(loader: &str) -> Result<String> {
    const FETCH: &str = "fetch(new URL(";
    const INSTANTIATE: &str = "WebAssembly.instantiateStreaming(src, imports)";
    let fetches = loader.matches(FETCH).count();
    let instantiations = loader.matches(INSTANTIATE).count();
    let chunks = loader.matches("makeLoad(").count().saturating_sub(1);
    if fetches == 0 || fetches != chunks || instantiations != chunks {
        return Err(format!(
            "the wasm-split loader no longer loads each chunk with `{FETCH}` and \
             `{INSTANTIATE}` ({fetches} fetches, {instantiations} instantiations, {chunks} \
             chunks): update take_started_requests"
        )
        .into());
    }
    let take = "const __porticoFetch = async (url) => {\n    \
                const chunks = await globalThis.__porticoChunks;\n    \
                const chunk = chunks?.get(url.href);\n    \
                if (chunk) {\n        chunks.delete(url.href);\n        return chunk;\n    }\n    \
                return fetch(url);\n};\n\
                const __porticoInstantiate = async (source, imports) => {\n    \
                const chunk = await source;\n    \
                return chunk instanceof Response\n        \
                ? WebAssembly.instantiateStreaming(chunk, imports)\n        \
                : WebAssembly.instantiate(chunk, imports);\n};\n";
    let body = loader
        .replace(FETCH, "__porticoFetch(new URL(")
        .replace(INSTANTIATE, "__porticoInstantiate(src, imports)");
    // After the import line, which must stay first.
    Ok(match body.split_once('\n') {
        Some((import, rest)) => format!("{import}\n{take}{rest}"),
        None => format!("{take}{body}"),
    })
}

/// `wasm_opt` on every file, as many at once as there are cores.
fn wasm_opt_all(files: &[PathBuf]) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<(), String> {
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = files.get(index) else {
                            return Ok(());
                        };
                        wasm_opt(file).map_err(|e| e.to_string())?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .map_err(|_| "wasm-opt worker panicked".to_owned())?
        })
    })?;
    Ok(())
}

fn wasm_opt(file: &Path) -> Result<()> {
    let optimised = with_suffix(file, "opt");
    // Its output is kept for a failure: on success it is only warnings
    // about name sections it does not know, a few for each of ~170 chunks.
    let output = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            // Custom sections no browser reads: ~35 KB over ~170 files.
            "--strip-producers",
            "--strip-target-features",
        ])
        // For size reports: keep the function names (a larger bundle).
        .args(env::var_os("PORTICO_WASM_NAMES").map(|_| "-g"))
        .arg(file)
        .arg("-o")
        .arg(&optimised)
        .output()
        .map_err(|e| format!("wasm-opt (npm i -g binaryen): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "wasm-opt failed on {} ({}): {}",
            file.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    fs::rename(&optimised, file)?;
    Ok(())
}

/// Replaces every occurrence of `from` by `to`, of the same length.
fn replace_bytes(haystack: &mut [u8], from: &[u8], to: &[u8]) {
    debug_assert_eq!(from.len(), to.len());
    let mut at = 0;
    while let Some(found) = haystack[at..].windows(from.len()).position(|w| w == from) {
        let start = at + found;
        haystack[start..start + to.len()].copy_from_slice(to);
        at = start + to.len();
    }
}

/// Writes one already named file of `pkg/` (and its compressed copies).
fn publish_file(settings: &Settings, file: &str, bytes: &[u8], compressed: bool) -> Result<()> {
    let path = settings.pkg().join(file);
    let written = write_if_changed(&path, bytes)?;
    if compressed && (written || !with_suffix(&path, "br").exists()) {
        compress(&path, bytes)?;
    }
    Ok(())
}

/// Removes the chunks, loaders and manifests of earlier builds.
fn remove_stale_chunks(settings: &Settings, keep: &[String]) -> Result<()> {
    for entry in fs::read_dir(settings.pkg())? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        let ours = ["split_", "chunk_", "__wasm_split"]
            .iter()
            .any(|prefix| file.starts_with(prefix));
        let kept = keep
            .iter()
            .any(|k| file == *k || file == format!("{k}.br") || file == format!("{k}.gz"));
        if ours && !kept {
            fs::remove_file(settings.pkg().join(file))?;
        }
    }
    Ok(())
}

fn package_css(settings: &Settings, release: bool) -> Result<String> {
    let css = fs::read(&settings.style_file)
        .map_err(|e| format!("{}: {e}", settings.style_file.display()))?;
    publish(settings, &settings.output_name, "css", &css, release)
}

/// Copies the static assets into the site root, with the service worker
/// told the hashed names and a cache version that changes with them.
fn copy_assets(settings: &Settings, bundle: &WasmBundle, css: &str) -> Result<()> {
    copy_tree(&settings.assets_dir, &settings.site_root)?;
    let sw_path = settings.site_root.join("sw.js");
    if let Ok(source) = fs::read_to_string(settings.assets_dir.join("sw.js")) {
        let WasmBundle {
            js, wasm, split, ..
        } = bundle;
        let name = &settings.output_name;
        let pkg = &settings.pkg_dir;
        let version = &sha256_hex(format!("{js}{wasm}{split}{css}").as_bytes())[..12];
        // The chunks are cached as pages fetch them: a customer's phone
        // never downloads the back office.
        let files = format!(
            "const PKG_FILES = ['/{pkg}/{name}.{css}.css', '/{pkg}/{name}.{js}.js', '/{pkg}/{name}.{wasm}.wasm', '/{pkg}/__wasm_split.{split}.js'];"
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
