//! Starting the client: which files a page loads, and when.
//!
//! The page's own HTML and stylesheet paint first; the client is requested
//! only after that first frame. Requests started before the first paint
//! compete with the stylesheet for the connection, and Lighthouse counts
//! every request that starts before the largest paint as part of it: with
//! the ~450 KB of `/my` preloaded from the head, its simulated LCP on a
//! phone was 3.6 s for a page whose content paints with the stylesheet
//! alone (issue 7).
//!
//! A page names its lazy page groups in `<meta name="portico-chunks">`
//! (`app.rs`, `chunks!`), and the loading script (`hydration.js`) fetches
//! all their chunks as one file, [`page_chunks`], with the main WASM and
//! the page's messages. `/my` needs 81 chunks: as separate requests they
//! cost the main thread ~75 ms of `fetch` calls alone, and a phone on
//! HTTP/1.1 a dozen round trips. Chunks of groups fetched later, on
//! client-side navigation, come one file each from `/pkg/`.

#[cfg(feature = "ssr")]
pub use server::{announce_page_group, page_chunks, HydrationScripts};

#[cfg(feature = "ssr")]
mod server {
    use leptos::{config::LeptosOptions, prelude::*};
    use std::{
        collections::HashMap,
        path::{Path, PathBuf},
        sync::OnceLock,
    };

    /// The bundle's file names, read once: the build names every file by
    /// its content (`hash.txt` beside the server binary), so they cannot
    /// change while the server runs.
    struct Bundle {
        /// The loading script, called with the hashed names of the JS and
        /// the main WASM, and where page chunks are served; the page's
        /// language follows.
        script: String,
        /// The hash of the split manifest, which names the chunk set.
        manifest: String,
        /// Where the chunk files are on disk.
        pkg_dir: PathBuf,
        /// The URL path of the bundle directory (`/pkg`).
        pkg_path: String,
        /// Chunk files by lazy page group (`sign_in`, `portal_home`, …),
        /// from the split manifest; empty for a bundle built unsplit.
        groups: HashMap<String, Vec<String>>,
    }

    static BUNDLE: OnceLock<Bundle> = OnceLock::new();

    /// The page groups a page has named so far.
    #[derive(Clone, Copy)]
    struct AnnouncedGroups(StoredValue<Vec<&'static str>>);

    /// A page is one layout group and one page group at most.
    const MAX_GROUPS: usize = 2;

    fn bundle(options: &LeptosOptions) -> &'static Bundle {
        BUNDLE.get_or_init(|| read_bundle(options))
    }

    fn read_bundle(options: &LeptosOptions) -> Bundle {
        let name = options.output_name.to_string();
        let pkg_path = format!("/{}", options.site_pkg_dir);
        let pkg_dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        let hashes: HashMap<String, String> = if options.hash_files {
            std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                .and_then(|path| std::fs::read_to_string(path).ok())
                .map(|text| {
                    text.lines()
                        .filter_map(|line| line.split_once(':'))
                        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            HashMap::new()
        };
        let hashed = |kind: &str| match hashes.get(kind) {
            Some(hash) => format!("{pkg_path}/{name}.{hash}.{kind}"),
            None => format!("{pkg_path}/{name}.{kind}"),
        };
        let manifest = hashes.get("manifest").cloned().unwrap_or_default();
        let groups = std::fs::read(pkg_dir.join(format!("__wasm_split_manifest.{manifest}.json")))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<HashMap<String, Vec<String>>>(&bytes).ok())
            .unwrap_or_default()
            .into_iter()
            // The manifest names a lazy function `<name>_<hash of where it
            // is written>`; pages announce their group by name.
            .filter_map(|(lazy_fn, chunks)| {
                let (group, _) = lazy_fn.rsplit_once('_')?;
                let files = chunks.iter().map(|chunk| format!("{chunk}.wasm")).collect();
                Some((group.to_owned(), files))
            })
            .collect::<HashMap<_, _>>();
        // The script goes into every page: without its comments and
        // indentation.
        let script: String = include_str!("hydration.js")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let chunks_base = if groups.is_empty() {
            String::new()
        } else {
            format!("/chunks/{manifest}/")
        };
        Bundle {
            // Closed by the page's language, added per request.
            script: format!(
                "({})({:?}, {:?}, {:?}",
                script.trim_end_matches(';'),
                hashed("js"),
                hashed("wasm"),
                chunks_base
            ),
            manifest,
            pkg_dir,
            pkg_path,
            groups,
        }
    }

    /// Called by a lazy page group as it renders on the server: the page's
    /// head names the group, whose chunks the loading script fetches.
    pub fn announce_page_group(group: &'static str) {
        if !BUNDLE
            .get()
            .is_some_and(|bundle| bundle.groups.contains_key(group))
        {
            return;
        }
        // A layout and its page are often of one group: name it once.
        if let Some(announced) = use_context::<AnnouncedGroups>() {
            if announced.0.with_value(|groups| groups.contains(&group)) {
                return;
            }
            announced.0.update_value(|groups| groups.push(group));
        }
        // Rendering a leptos_meta tag registers it for the page's head.
        let _ = view! { <leptos_meta::Meta name="portico-chunks" content=group/> }.to_html();
    }

    /// `/chunks/<manifest>/<group>[+<group>]`: every chunk the page groups
    /// need, in one body: a line of JSON naming each chunk's URL path and
    /// length, then the chunks one after the other. `None` for a bundle
    /// other than the one being served, an unknown group, or groups not
    /// named once each in sorted order (one name per set, so one cached
    /// answer each).
    pub fn page_chunks(manifest: &str, groups: &str) -> Option<Vec<u8>> {
        let bundle = BUNDLE.get()?;
        if manifest != bundle.manifest || bundle.groups.is_empty() {
            return None;
        }
        let mut files: Vec<&String> = Vec::new();
        for name in requested_groups(groups)? {
            for file in bundle.groups.get(name)? {
                if !files.contains(&file) {
                    files.push(file);
                }
            }
        }
        let chunks = files
            .into_iter()
            .map(|file| {
                let bytes = std::fs::read(bundle.pkg_dir.join(file)).ok()?;
                Some((format!("{}/{file}", bundle.pkg_path), bytes))
            })
            .collect::<Option<Vec<_>>>()?;
        pack(&chunks)
    }

    /// The groups of a `/chunks/` address: at most [`MAX_GROUPS`], each
    /// named once, in sorted order.
    pub(super) fn requested_groups(groups: &str) -> Option<Vec<&str>> {
        let names: Vec<&str> = groups.split('+').collect();
        let well_formed = names.len() <= MAX_GROUPS
            && names.iter().all(|name| !name.is_empty())
            && names.windows(2).all(|pair| pair[0] < pair[1]);
        well_formed.then_some(names)
    }

    /// A line of JSON naming each chunk's URL path and length, then the
    /// chunks one after the other (unpacked by `hydration.js`).
    pub(super) fn pack(chunks: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
        let index: Vec<(&str, usize)> = chunks
            .iter()
            .map(|(path, bytes)| (path.as_str(), bytes.len()))
            .collect();
        let mut answer = serde_json::to_vec(&index).ok()?;
        answer.push(b'\n');
        for (_, bytes) in chunks {
            answer.extend_from_slice(bytes);
        }
        Some(answer)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_chunks_address_names_one_layout_and_one_page_group_once_in_order() {
            assert_eq!(requested_groups("sign_in"), Some(vec!["sign_in"]));
            assert_eq!(
                requested_groups("portal_documents+portal_home"),
                Some(vec!["portal_documents", "portal_home"])
            );
            for refused in [
                "",
                "+",
                "portal_home+portal_documents",
                "a+a",
                "a+b+c",
                "a+",
            ] {
                assert_eq!(requested_groups(refused), None, "{refused}");
            }
        }

        #[test]
        fn packed_chunks_are_an_index_line_then_the_bytes_in_order() {
            let chunks = vec![
                ("/pkg/chunk_1.aa.wasm".to_owned(), b"\0asm\n1".to_vec()),
                ("/pkg/split_x.bb.wasm".to_owned(), b"\0asm22".to_vec()),
            ];
            let packed = pack(&chunks).expect("packs");
            let end = packed
                .iter()
                .position(|b| *b == b'\n')
                .expect("an index line");
            let index: Vec<(String, usize)> =
                serde_json::from_slice(&packed[..end]).expect("JSON index");
            assert_eq!(
                index,
                vec![
                    ("/pkg/chunk_1.aa.wasm".to_owned(), 6),
                    ("/pkg/split_x.bb.wasm".to_owned(), 6)
                ]
            );
            assert_eq!(&packed[end + 1..], b"\0asm\n1\0asm22");
        }
    }

    /// In the `<head>`: loads and hydrates the client once the page has
    /// painted.
    #[component]
    pub fn HydrationScripts(options: LeptosOptions) -> impl IntoView {
        provide_context(AnnouncedGroups(StoredValue::new(Vec::new())));
        let script = format!(
            "{}, {:?});",
            bundle(&options).script,
            crate::i18n::catalogue_path(crate::i18n::request_locale())
        );
        let nonce = leptos::nonce::use_nonce();
        view! { <script type="module" nonce=nonce>{script}</script> }
    }
}
