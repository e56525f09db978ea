//! Server data a page loads: a Leptos `Resource` whose value the server
//! renders into the HTML and the client reads back while it hydrates.
//!
//! Leptos' default codec reads that value with `serde_json::from_str`, and
//! server-function results with `serde_json::from_slice`: two copies of
//! every result type's decoder in the WASM bundle, one per reader. This
//! codec reads both the same way. Measured on the release bundle: the
//! `deserialize_struct` functions were ~300 KB of code before `wasm-opt`,
//! in matching pairs (issue 7).

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON, decoded as server-function results are.
pub struct Json;

impl<T: Serialize> codee::Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> codee::Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(value: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(value.as_bytes())
    }
}

/// A page's server data (`leptos::prelude::Resource` with [`Json`]).
pub type Resource<T> = leptos::prelude::Resource<T, Json>;

/// `Resource::new` for [`Resource`]: `fetcher` runs again whenever
/// `source` changes.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T>
where
    S: Send + Sync + Clone + PartialEq + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
