//! Assigns a card to an access method with the client that `build.rs`
//! generated, and prints the id of the action attempt.
//!
//! ```text
//! SEAM_API_KEY=seam_... SEAM_ENDPOINT=http://127.0.0.1:8080 cargo run -p build-example -- <access_method_id> <card_number>
//! ```

use std::process::ExitCode;

use build_example::api::seam_connect::{Client, DEFAULT_BASE_URL};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(id) => {
            println!("{id}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<uuid::Uuid, String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: build-example <access_method_id> <card_number>";
    let access_method_id = args.next().ok_or(usage)?;
    let card_number = args.next().ok_or(usage)?;
    let access_method_id = access_method_id
        .parse()
        .map_err(|error| format!("access_method_id `{access_method_id}` is not a UUID: {error}"))?;
    let api_key = std::env::var("SEAM_API_KEY").map_err(|_| "set SEAM_API_KEY")?;
    let endpoint = std::env::var("SEAM_ENDPOINT").unwrap_or_else(|_| DEFAULT_BASE_URL.to_string());
    let client = Client::builder()
        .api_key(api_key)
        .base_url(endpoint)
        .build()
        .map_err(|error| error.to_string())?;
    build_example::assign_card(&client, access_method_id, &card_number)
        .await
        .map_err(|error| error.to_string())
}
