//! Assigns a card credential to an access method and prints the response.
//!
//! ```text
//! SEAM_API_KEY=seam_... cargo run --example assign_card -- <access_method_id> <card_number>
//! ```
//!
//! `SEAM_ENDPOINT` overrides the API URL (default `https://connect.getseam.com`),
//! as in Seam's own SDKs.

use std::process::ExitCode;

use seam_connect::models::AccessMethodsAssignCardRequest;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: assign_card <access_method_id> <card_number>";
    let access_method_id = args.next().ok_or(usage)?;
    let card_number = args.next().ok_or(usage)?;
    let access_method_id = access_method_id
        .parse::<uuid::Uuid>()
        .map_err(|error| format!("access_method_id `{access_method_id}` is not a UUID: {error}"))?;

    let api_key = std::env::var("SEAM_API_KEY")
        .ok()
        .filter(|key| !key.trim().is_empty())
        .ok_or("set SEAM_API_KEY to your Seam API key")?;
    let endpoint = std::env::var("SEAM_ENDPOINT").unwrap_or_else(|_| seam_connect::DEFAULT_BASE_URL.to_string());

    let client = seam_connect::Client::builder()
        .api_key(api_key)
        .base_url(endpoint)
        .build()
        .map_err(|error| error.to_string())?;
    let request = AccessMethodsAssignCardRequest {
        access_method_id,
        card_number,
    };
    let response = client
        .access_methods()
        .assign_card(&request)
        .await
        .map_err(|error| error.to_string())?;

    let json = serde_json::to_string_pretty(&response).map_err(|error| error.to_string())?;
    println!("{json}");
    Ok(())
}
