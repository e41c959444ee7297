//! The reference receiver, over real HTTP on 127.0.0.1 with real SQLite files.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;

mod auth;
mod basics;
mod faults;
mod reports;
mod trust;

use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::StatusCode;
use rubric_widget::receiver::{self, REPLAYED, ReceiverConfig, Running};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rubrics")
}

/// A fresh database file for one test.
fn database(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("receiver")
        .join(format!("{name}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

fn config(name: &str) -> ReceiverConfig {
    let mut config = ReceiverConfig::new(database(name), fixtures());
    config.addr = "127.0.0.1:0".parse().unwrap();
    config
}

async fn start(config: ReceiverConfig) -> (Running, String) {
    let running = receiver::start(config).await.expect("the receiver starts");
    let base = format!("http://{}", running.addr);
    (running, base)
}

/// The review/v1 document of a shared example, as JSON.
fn review(example: usize, review_id: uuid::Uuid) -> Value {
    serde_json::to_value(common::review(&common::EXAMPLES[example], review_id)).unwrap()
}

fn id(n: u128) -> uuid::Uuid {
    uuid::Uuid::from_u128(0x0b6f_1c1e_9d7a_4c55_8a33_0000_0000_0000 + n)
}

async fn post(base: &str, body: &Value) -> reqwest::Response {
    let key = body["review_id"].as_str().unwrap_or_default().to_owned();
    post_raw(base, &key, body.to_string()).await
}

async fn post_raw(base: &str, key: &str, body: String) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/api/reviews"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .body(body)
        .send()
        .await
        .expect("the request is answered")
}

/// Rows in the SQLite file itself, read with a connection of our own.
/// A GET's JSON body.
async fn get_json(url: String) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

/// The review ids of a `GET /api/reviews` page, in order.
fn listed_ids(page: &Value) -> Vec<String> {
    page["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["review_id"].as_str().unwrap().to_owned())
        .collect()
}

fn rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap()
}

/// The review was stored (201), with a warning saying `what`.
async fn assert_stored_with_warning(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::CREATED);
    let answer: Value = response.json().await.unwrap();
    let warning = answer["warnings"][0].as_str().unwrap_or_default();
    assert!(warning.contains(what), "{answer}");
}

async fn error_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A request with a bearer credential (a JWT or an API key).
async fn send_as(request: reqwest::RequestBuilder, credential: Option<&str>) -> reqwest::Response {
    let request = match credential {
        Some(c) => request.bearer_auth(c),
        None => request,
    };
    request.send().await.expect("the request is answered")
}

async fn post_as(base: &str, body: &Value, credential: Option<&str>) -> reqwest::Response {
    let key = body["review_id"].as_str().unwrap_or_default().to_owned();
    let request = reqwest::Client::new()
        .post(format!("{base}/api/reviews"))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .body(body.to_string());
    send_as(request, credential).await
}

async fn get_as(url: String, credential: Option<&str>) -> reqwest::Response {
    send_as(reqwest::Client::new().get(url), credential).await
}

/// A column of one stored review, read from the SQLite file itself.
fn column<T: rusqlite::types::FromSql>(db: &Path, review_id: &str, column: &str) -> T {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        &format!("SELECT {column} FROM reviews WHERE review_id = ?1"),
        [review_id],
        |r| r.get(0),
    )
    .unwrap()
}

/// A review of example `example` by reviewer `reviewer`, for agent `agent`.
fn review_by(example: usize, n: u128, reviewer: &str, agent: &str) -> Value {
    let mut body = review(example, id(n));
    body["reviewer"] = json!({ "id": reviewer });
    body["context"]["agent_id"] = json!(agent);
    body
}

/// A JWT signed with HS256 and `secret`, as a CRM would mint it.
fn hs256(claims: &Value, secret: &[u8]) -> String {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .unwrap()
}
