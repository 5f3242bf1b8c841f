//! Generates the Seam Connect client into `OUT_DIR/seam_connect.rs` from
//! the repository's default document and its config file
//! (`spec/seam-connect.toml`, found beside the document).

fn main() {
    if let Err(error) = openapi_gen::build::compile("../../spec/seam-connect.yaml") {
        // Cargo shows the panic message when the script fails. It lists
        // every error with its file, line and JSON pointer.
        panic!("{error}");
    }
}
