//! Criterion benches of the client generated from the Seam Connect document.
//! `cargo run -p xtask -- bench-client SPEC` copies this file into its
//! scratch bench crate, next to `payloads.json` and the `untagged` enums.
//!
//! - `decode/<Union>/<position>`: decoding a sample of the first, middle and
//!   last variant of a tagged union. The generated deserializer reads the tag
//!   members and decodes one variant. The equivalent `#[serde(untagged)]`
//!   enum tries the variants in turn.
//! - `round_trip`: one `GET /action_attempts/get` against a server on
//!   127.0.0.1, through the generated client and written by hand with reqwest.

use std::hint::black_box;
use std::time::Duration;

use axum::http::header;
use axum::routing::get;
use axum::Router;
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;

const API_KEY: &str = "seam_bench_key";

fn payloads() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/payloads.json"))
        .expect("payloads.json is written by xtask bench-client");
    serde_json::from_str(&text).expect("payloads.json is JSON")
}

fn decode(c: &mut Criterion) {
    let payloads = payloads();
    for position in ["first", "middle", "last"] {
        let entry = &payloads["ActionAttempt"][position];
        let json = entry["json"].to_string();
        let mut group = c.benchmark_group(format!("decode/ActionAttempt/{position} ({})", entry["variant"].as_str().unwrap_or("")));
        group.bench_function("tagged (generated)", |b| {
            b.iter(|| serde_json::from_str::<seam_connect::models::ActionAttempt>(black_box(&json)).expect("decodes"))
        });
        group.bench_function("untagged", |b| {
            b.iter(|| serde_json::from_str::<client_bench::ActionAttempt>(black_box(&json)).expect("decodes"))
        });
        group.finish();
    }
    for position in ["first", "middle", "last"] {
        let entry = &payloads["Event"][position];
        let json = entry["json"].to_string();
        let mut group = c.benchmark_group(format!("decode/Event/{position} ({})", entry["variant"].as_str().unwrap_or("")));
        group.bench_function("tagged (generated)", |b| {
            b.iter(|| serde_json::from_str::<seam_connect::models::Event>(black_box(&json)).expect("decodes"))
        });
        group.bench_function("untagged", |b| {
            b.iter(|| serde_json::from_str::<client_bench::Event>(black_box(&json)).expect("decodes"))
        });
        group.finish();
    }
}

type GetResponse = seam_connect::models::ActionAttemptsActionAttemptsGetGetResponse;

/// The request of `action_attempts_get_get`, written by hand with reqwest:
/// same method, path, query, headers, timeout and decoding.
async fn get_by_hand(http: &reqwest::Client, base_url: &str, id: uuid::Uuid) -> Result<GetResponse, String> {
    let response = http
        .get(format!("{base_url}/action_attempts/get"))
        .bearer_auth(API_KEY)
        .header(reqwest::header::ACCEPT, "application/json")
        .query(&[("action_attempt_id", id.to_string())])
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let body = response.bytes().await.map_err(|error| error.to_string())?;
    serde_json::from_slice(&body).map_err(|error| error.to_string())
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let body: &'static str = Box::leak(payloads()["get_response"].to_string().into_boxed_str());
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind 127.0.0.1");
    let base_url = format!("http://{}", listener.local_addr().expect("local address"));
    let app = Router::new().route(
        "/action_attempts/get",
        get(move || async move { ([(header::CONTENT_TYPE, "application/json")], body) }),
    );
    runtime.spawn(async move { axum::serve(listener, app).await });

    let id: uuid::Uuid = "3f4a4d2e-55b3-4c2a-9d8e-0f6c1b2a3c4d".parse().expect("uuid");
    let client = seam_connect::Client::builder()
        .api_key(API_KEY)
        .base_url(base_url.clone())
        .build()
        .expect("client");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("reqwest client");
    // Both must succeed before they are timed.
    runtime
        .block_on(client.action_attempts().action_attempts_get_get(id))
        .expect("generated client round trip");
    runtime.block_on(get_by_hand(&http, &base_url, id)).expect("hand-written round trip");

    let mut group = c.benchmark_group("round_trip GET /action_attempts/get");
    group.bench_function("generated client", |b| {
        b.iter(|| {
            runtime
                .block_on(client.action_attempts().action_attempts_get_get(black_box(id)))
                .expect("round trip")
        })
    });
    group.bench_function("reqwest by hand", |b| {
        b.iter(|| runtime.block_on(get_by_hand(&http, &base_url, black_box(id))).expect("round trip"))
    });
    group.finish();
}

criterion_group!(benches, decode, round_trip);
criterion_main!(benches);
