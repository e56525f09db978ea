//! Leptos.toml (read by the server at run time) and Cargo.toml's
//! [package.metadata.leptos] (read by cargo-leptos) must agree on every key
//! both hold.

fn leptos_table(file: &str, path: &[&str]) -> toml::Table {
    let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut value = toml::Value::Table(text.parse::<toml::Table>().unwrap());
    for key in path {
        value = value
            .get(*key)
            .unwrap_or_else(|| panic!("{file} has no {key}"))
            .clone();
    }
    value.as_table().unwrap().clone()
}

#[test]
fn run_time_and_build_time_settings_agree() {
    let path = ["package", "metadata", "leptos"];
    let runtime = leptos_table("Leptos.toml", &path);
    let build = leptos_table("Cargo.toml", &path);
    assert!(runtime.contains_key("output-name") && runtime.contains_key("site-root"));
    for (key, value) in &runtime {
        let built = build
            .get(key)
            .unwrap_or_else(|| panic!("Cargo.toml's metadata lacks {key}, which Leptos.toml sets"));
        assert_eq!(
            built, value,
            "{key} differs between Leptos.toml and Cargo.toml"
        );
    }
}
