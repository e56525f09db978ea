//! Files the server makes from what it holds rather than reads from the
//! site folder, all named by their content and so kept by browsers for a
//! year (`hardening::cache_policy`), compressed once each (brotli and
//! gzip, chosen by `Accept-Encoding`):
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
use tokio::sync::OnceCell;

pub async fn catalogue(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(text) = i18n::catalogue_file(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    answer(
        format!("i18n/{file}"),
        "text/plain; charset=utf-8",
        move || Some(text.as_bytes().to_vec()),
        &headers,
    )
    .await
}

pub async fn page_chunks(
    Path((manifest, groups)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let name = format!("chunks/{manifest}/{groups}");
    answer(
        name,
        "application/octet-stream",
        move || hydration::page_chunks(&manifest, &groups),
        &headers,
    )
    .await
}

/// The answers made so far, by name. Each name's cell is made by the
/// first request that finds it empty while the others await it, so
/// parallel first requests compress once.
static MADE: OnceLock<Mutex<HashMap<String, Arc<OnceCell<Arc<Made>>>>>> = OnceLock::new();

/// Made once per name, kept for the life of the process: the names are a
/// handful (three languages, the pages' group pairs), and a name the
/// server cannot make is a 404 that keeps nothing. Making one runs off
/// the async threads.
async fn answer(
    name: String,
    content_type: &'static str,
    make: impl FnOnce() -> Option<Vec<u8>> + Send + 'static,
    request: &HeaderMap,
) -> Response {
    let made = MADE.get_or_init(Default::default);
    let Some(cell) = made
        .lock()
        .ok()
        .map(|mut files| files.entry(name.clone()).or_default().clone())
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let making = cell.get_or_try_init(|| async move {
        match tokio::task::spawn_blocking(move || make().map(Made::new)).await {
            Ok(Some(file)) => Ok(Arc::new(file)),
            _ => Err(()),
        }
    });
    let file = match making.await {
        Ok(file) => file.clone(),
        Err(()) => {
            forget_unmade(made, &name, &cell);
            return StatusCode::NOT_FOUND.into_response();
        }
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let compressed = [("br", &file.brotli), ("gzip", &file.gzip)]
        .into_iter()
        .find_map(|(coding, bytes)| {
            let bytes = bytes.as_ref()?;
            accepts(request, coding).then_some((coding, bytes))
        });
    match compressed {
        Some((coding, bytes)) => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            (headers, bytes.clone()).into_response()
        }
        None => (headers, file.plain.clone()).into_response(),
    }
}

/// Removes the empty cell of a name that could not be made (unless a
/// later request has made it meanwhile), so unknown names keep nothing.
fn forget_unmade(
    made: &Mutex<HashMap<String, Arc<OnceCell<Arc<Made>>>>>,
    name: &str,
    cell: &Arc<OnceCell<Arc<Made>>>,
) {
    if let Ok(mut files) = made.lock() {
        if files
            .get(name)
            .is_some_and(|kept| Arc::ptr_eq(kept, cell) && !kept.initialized())
        {
            files.remove(name);
        }
    }
}

struct Made {
    plain: Vec<u8>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
}

impl Made {
    fn new(plain: Vec<u8>) -> Made {
        Made {
            brotli: brotli(&plain),
            gzip: gzip(&plain),
            plain,
        }
    }
}

fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    // Level 9: a release page's chunks (under a megabyte) in ~50 ms, as
    // long as gzip's best, and 15% smaller. Levels 10 and 11 save 10% more
    // but take a second of a core per answer, which made Lighthouse's page
    // loads right after a start (sharing the machine with it) measurably
    // slower. A debug build's unoptimised chunks (tens of megabytes) would
    // take seconds at level 9: they get the quickest level.
    let quality = if bytes.len() <= 4_000_000 { 9 } else { 1 };
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, quality, 22);
        writer.write_all(bytes).ok()?;
    }
    Some(compressed)
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Whether the request's `Accept-Encoding` takes `coding` (`br;q=0`
/// refuses it).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|offered| {
            let mut parts = offered.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| p.trim().trim_start_matches("q=").parse() == Ok(0.0));
            name.eq_ignore_ascii_case(coding) && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Parallel first requests for one name: one of them makes and
    /// compresses the answer, the others wait for it and send the same.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn parallel_first_requests_make_the_answer_once() {
        static MAKINGS: AtomicUsize = AtomicUsize::new(0);
        let requests: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn(async {
                    let make = || {
                        MAKINGS.fetch_add(1, Ordering::SeqCst);
                        // As long as a real page's chunks take to compress.
                        std::thread::sleep(std::time::Duration::from_millis(200));
                        Some(b"portico ".repeat(10_000))
                    };
                    let plain = HeaderMap::new();
                    answer("test/parallel-first".into(), "text/plain", make, &plain).await
                })
            })
            .collect();
        for request in requests {
            assert_eq!(request.await.unwrap().status(), StatusCode::OK);
        }
        assert_eq!(MAKINGS.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_name_that_cannot_be_made_keeps_nothing() {
        let answered = answer(
            "test/unmade".into(),
            "text/plain; charset=utf-8",
            || None,
            &HeaderMap::new(),
        )
        .await;
        assert_eq!(answered.status(), StatusCode::NOT_FOUND);
        let files = MADE.get().unwrap().lock().unwrap();
        assert!(!files.contains_key("test/unmade"));
    }
}
