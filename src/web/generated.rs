//! Files the server makes from what it holds rather than reads from the
//! site folder, all named by their content and so kept by browsers for a
//! year (`security::cache_policy`), gzipped once each:
//! - `/i18n/<language>.<hash>.txt`: a language's messages, fetched by the
//!   WASM client as a page starts and when the reader switches language
//!   (`i18n::catalogue_path`);
//! - `/chunks/<manifest hash>/<groups>`: every WASM chunk a page's lazy
//!   groups need, in one answer (`ui::hydration::page_chunks`).

use crate::{i18n, ui::hydration};
use axum::{
    extract::Path,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    io::Write,
    sync::{Arc, Mutex, OnceLock},
};

pub async fn catalogue(Path(file): Path<String>, headers: HeaderMap) -> Response {
    match i18n::catalogue_file(&file) {
        Some(text) => answer(
            &format!("i18n/{file}"),
            "text/plain; charset=utf-8",
            || Some(text.as_bytes().to_vec()),
            &headers,
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn page_chunks(
    Path((manifest, groups)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    answer(
        &format!("chunks/{manifest}/{groups}"),
        "application/octet-stream",
        || hydration::page_chunks(&manifest, &groups),
        &headers,
    )
}

/// Made once per name, kept for the life of the process: the names are a
/// handful (three languages, the pages' group pairs), and a name the
/// server cannot make is a 404 that keeps nothing.
fn answer(
    name: &str,
    content_type: &'static str,
    make: impl FnOnce() -> Option<Vec<u8>>,
    request: &HeaderMap,
) -> Response {
    static MADE: OnceLock<Mutex<HashMap<String, Arc<Made>>>> = OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    let cached = made.lock().ok().and_then(|files| files.get(name).cloned());
    let file = match cached {
        Some(file) => file,
        None => {
            let Some(plain) = make() else {
                return StatusCode::NOT_FOUND.into_response();
            };
            let file = Arc::new(Made {
                gzip: gzip(&plain),
                plain,
            });
            if let Ok(mut files) = made.lock() {
                files.insert(name.to_owned(), file.clone());
            }
            file
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    match &file.gzip {
        Some(gzip) if accepts_gzip(request) => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            (headers, gzip.clone()).into_response()
        }
        _ => (headers, file.plain.clone()).into_response(),
    }
}

struct Made {
    plain: Vec<u8>,
    gzip: Option<Vec<u8>>,
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

fn accepts_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next()?.trim();
            // `gzip;q=0` refuses gzip.
            let refused = parts.any(|p| p.trim().trim_start_matches("q=").parse() == Ok(0.0));
            Some(name == "gzip" && !refused)
        })
        .any(|gzip| gzip)
}
