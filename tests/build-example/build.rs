//! Generates the Seam Connect client into `OUT_DIR/seam_connect.rs` from
//! the repository's default document and its config file
//! (`spec/seam-connect.toml`, found beside the document).

fn main() {
    if let Err(error) = openapi_gen::build::compile("../../spec/seam-connect.yaml") {
        // `cargo:warning` lines are shown even when the script fails;
        // the messages name the file, line and JSON pointer.
        panic!("{error}");
    }
}
