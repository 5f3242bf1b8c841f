//! Feeds arbitrary bytes, read as an OpenAPI document, through load, resolve,
//! model, codegen and formatting. A panic, a hang, an internal error or a
//! generated `.rs` file that `syn` cannot parse is a finding.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use openapi_gen::Settings;

fuzz_target!(|data: &[u8]| {
    // Documents are text; the load stage rejects other bytes before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz-input.yaml");
    let Ok(source) = openapi_gen::load::load_str(text.to_string(), path) else {
        return;
    };
    let Ok(resolved) = openapi_gen::resolve::resolve(source) else {
        return;
    };
    let Ok(api) = openapi_gen::model::build(&resolved, &Settings::default()) else {
        return;
    };
    let files = match openapi_gen::emit::render(&api, &Settings::default(), "fuzz-input.yaml") {
        Ok(files) => files,
        Err(diagnostic) => {
            // Rejections of the input are expected; an internal error means
            // codegen produced tokens that are not Rust.
            assert!(!diagnostic.message.starts_with("internal error"), "{diagnostic}");
            return;
        }
    };
    for file in files.iter().filter(|file| file.path.ends_with(".rs")) {
        if let Err(error) = syn::parse_file(&file.contents) {
            panic!("generated {} does not parse as Rust: {error}\n{}", file.path, file.contents);
        }
    }
});
