//! The receiver under faults: a read-only or full disk, a database locked by
//! another process, slow and oversized requests, signals, a second receiver, an
//! old database file.

use std::io::{Read, Write};
use std::process::Command;

use super::*;

/// A small tmpfs of our own, unmounted when dropped: a real file system to make
/// read-only or to fill. `None` where mounting is not allowed (not root).
struct Mount(PathBuf);

impl Mount {
    fn new(name: &str, size: &str) -> Option<Mount> {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("mounts")
            .join(name);
        // Whatever an earlier, interrupted run left mounted here (bounded).
        for _ in 0..8 {
            let gone = Command::new("umount").arg("-l").arg(&path).output();
            if !gone.is_ok_and(|o| o.status.success()) {
                break;
            }
        }
        std::fs::create_dir_all(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here (the test needs root)");
        }
        mounted.then_some(Mount(path))
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        // Lazily: a receiver that failed mid-test may still hold a file open.
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

async fn health(base: &str) -> (StatusCode, Value) {
    error_of(reqwest::get(format!("{base}/api/health")).await.unwrap()).await
}

#[tokio::test]
async fn a_read_only_file_system_is_refused_at_start_with_the_reason() {
    // (Linux refuses to remount a file system read-only while a file on it is open
    // for writing; a file turning read-only mid-run is the immutable test's.)
    let Some(mount) = Mount::new("read-only", "16m") else {
        return;
    };
    let mut config = config("read-only");
    config.db = mount.0.join("reviews.sqlite");
    let (running, _) = start(config.clone()).await;
    running.stop().await.unwrap();
    mount.remount("ro");
    let error = receiver::start(config)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert_eq!(
        error,
        format!(
            "cannot open the database {} for writing: its file system is read-only",
            mount.0.join("reviews.sqlite").display()
        )
    );
}

/// `chattr` the database's files (`+i` immutable: even a descriptor opened earlier
/// may not write; `-i` back). `false` where the file system has no such flag.
fn immutable(db: &Path, on: bool) -> bool {
    let flag = if on { "+i" } else { "-i" };
    ["", "-wal"].iter().all(|suffix| {
        Command::new("chattr")
            .arg(flag)
            .arg(format!("{}{suffix}", db.display()))
            .status()
            .is_ok_and(|s| s.success())
    })
}

#[tokio::test]
async fn a_database_that_turns_read_only_mid_run_is_unhealthy_and_releases_every_key() {
    let config = config("immutable");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    assert_eq!(
        post(&base, &review(0, id(1))).await.status(),
        StatusCode::CREATED
    );
    if !immutable(&db, true) {
        eprintln!("skipped: this file system has no immutable flag (chattr)");
        immutable(&db, false);
        return running.stop().await.unwrap();
    }
    let (s, h) = health(&base).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{h}");
    assert_eq!(
        h["reason"],
        "the database cannot be written: the file system refused it (an I/O error)"
    );
    for n in 2..6 {
        let response = post(&base, &review(0, id(n))).await;
        assert_eq!(
            response.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "review {n}"
        );
        assert_eq!(response.headers()["retry-after"], "30");
    }
    // Readers still answer.
    assert_eq!(
        listed_ids(&get_json(format!("{base}/api/reviews")).await),
        [id(1).to_string()]
    );
    assert!(immutable(&db, false));
    assert_eq!(health(&base).await.0, StatusCode::OK);
    for n in 2..6 {
        let response = post(&base, &review(0, id(n))).await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "review {n}: its key was never held"
        );
    }
    assert_eq!(rows(&db), 5);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_full_disk_answers_503_and_every_review_goes_through_afterwards() {
    let Some(mount) = Mount::new("full", "8m") else {
        return;
    };
    let mut config = config("full");
    config.max_body = 64 * 1024;
    config.db = mount.0.join("reviews.sqlite");
    let (running, base) = start(config).await;
    assert_eq!(
        post(&base, &review(0, id(100))).await.status(),
        StatusCode::CREATED
    );
    // Fill the file system to the last block.
    let filler = mount.0.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 64 * 1024];
    while file.write_all(&block).and_then(|_| file.sync_all()).is_ok() {}
    while file
        .write_all(&block[..512])
        .and_then(|_| file.sync_all())
        .is_ok()
    {}
    let mut refused = 0;
    for n in 0..8 {
        let response = post(&base, &review(n as usize % 4, id(n))).await;
        if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            refused += 1;
            let e: Value = response.json().await.unwrap();
            assert_eq!(
                e["error"], "the database cannot be written: the disk is full",
                "{e}"
            );
        }
    }
    assert!(refused > 0, "the full disk was noticed");
    let (s, h) = health(&base).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{h}");
    drop(file);
    std::fs::remove_file(&filler).unwrap();
    for n in 0..8 {
        let response = post(&base, &review(n as usize % 4, id(n))).await;
        assert_eq!(response.status(), StatusCode::CREATED, "review {n}");
    }
    assert_eq!(health(&base).await.0, StatusCode::OK);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn an_external_write_lock_stalls_no_reader_and_writers_get_503() {
    let mut config = config("locked");
    config.busy_timeout = Duration::from_millis(300);
    let db = config.db.clone();
    let (running, base) = start(config).await;
    assert_eq!(
        post(&base, &review(0, id(1))).await.status(),
        StatusCode::CREATED
    );
    // Another process's write transaction, held while the receiver is used.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; INSERT INTO health (probe) VALUES (2);")
        .unwrap();
    let page = get_json(format!("{base}/api/reviews")).await;
    assert_eq!(
        listed_ids(&page),
        [id(1).to_string()],
        "a reader does not wait for the writer"
    );
    let one = reqwest::get(format!("{base}/api/reviews/{}", id(1)))
        .await
        .unwrap();
    assert_eq!(one.status(), StatusCode::OK);
    let (s, h) = health(&base).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        h["reason"],
        "the database is busy (another writer holds it); retry shortly"
    );
    let response = post(&base, &review(0, id(2))).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
    let e: Value = response.json().await.unwrap();
    assert!(!e.to_string().contains("database is locked"), "{e}");
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        post(&base, &review(0, id(2))).await.status(),
        StatusCode::CREATED
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn an_abandoned_key_is_taken_over_before_the_bodies_are_compared() {
    let config = config("abandoned");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    // A receiver that died mid-request left this key in flight two minutes ago, for a
    // body the client has since corrected.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let at = jiff::Timestamp::now().as_second() - 120;
    conn.execute(
        "INSERT INTO idempotency_keys (key, request_hash, state, updated_at) VALUES (?1, 'sha256:old', 'in_flight', ?2)",
        rusqlite::params![id(1).to_string(), at],
    )
    .unwrap();
    assert_eq!(
        post(&base, &review(0, id(1))).await.status(),
        StatusCode::CREATED
    );
    // One still fresh is being processed by another receiver: 409, retry later.
    conn.execute(
        "INSERT INTO idempotency_keys (key, request_hash, state, updated_at) VALUES (?1, 'sha256:old', 'in_flight', ?2)",
        rusqlite::params![id(2).to_string(), at + 110],
    )
    .unwrap();
    let body = review(0, id(2));
    let key = body["review_id"].as_str().unwrap().to_owned();
    let same_hash = rubric_widget::core::digest(&body.to_string());
    conn.execute(
        "UPDATE idempotency_keys SET request_hash = ?1 WHERE key = ?2",
        [&same_hash, &key],
    )
    .unwrap();
    assert_eq!(post(&base, &body).await.status(), StatusCode::CONFLICT);
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_oversized_requests_are_cut_off_early() {
    let mut config = config("slow");
    config.header_timeout = Duration::from_secs(1);
    config.body_timeout = Duration::from_secs(1);
    config.max_body = 4096;
    let (running, _) = start(config).await;
    let addr = running.addr;
    // Half the headers, then silence: the connection is closed by the server.
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:")
        .unwrap();
    let mut got = Vec::new();
    let read = tokio::task::spawn_blocking(move || stream.read_to_end(&mut got).map(|_| got))
        .await
        .unwrap();
    let got = read.expect("the server closed the connection (a read timeout would be an error)");
    assert!(!String::from_utf8_lossy(&got).contains("200 OK"));
    // A Content-Length above the limit is refused before the body is read.
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .write_all(b"POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: k\r\nContent-Length: 999999999999\r\n\r\n{")
        .unwrap();
    let mut head = [0u8; 512];
    let n = stream.read(&mut head).expect("an answer before the body");
    let head = String::from_utf8_lossy(&head[..n]);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    // A body that stops arriving is given up on after the body timeout.
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .write_all(b"POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: k\r\nContent-Length: 100\r\n\r\n{\"review")
        .unwrap();
    let answer = tokio::task::spawn_blocking(move || {
        let mut head = [0u8; 512];
        stream
            .read(&mut head)
            .map(|n| String::from_utf8_lossy(&head[..n]).into_owned())
    })
    .await
    .unwrap()
    .expect("an answer once the body timeout passes");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("the body did not arrive within 1 s; send it again"),
        "{answer}"
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn error_bodies_are_capped_and_bad_paging_is_a_400() {
    let mut config = config("capped");
    config.max_body = 2 * 1024 * 1024;
    let (running, base) = start(config).await;
    let mut body = review(0, id(1));
    let first = body["answers"]["process"]["value"][0].clone();
    body["answers"]["process"]["value"] = json!(vec![first; 100_000]);
    let response = post(&base, &body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.unwrap();
    assert!(text.len() < 20_000, "{} bytes", text.len());
    let e: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(e["problems"].as_array().map(Vec::len), Some(50), "{e}");
    assert!(e["more_problems"].as_u64().is_some_and(|n| n > 0), "{e}");
    for query in [
        "offset=9223372036854775808",
        "offset=-1",
        "cursor=x",
        "limit=many",
        "from=yesterday",
        "cursor=1&offset=1",
    ] {
        let (s, e) = error_of(
            reqwest::get(format!("{base}/api/reviews?{query}"))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{query}: {e}");
    }
    running.stop().await.unwrap();
}

#[tokio::test]
async fn several_origins_are_allowed_and_a_bad_one_stops_the_start() {
    let mut config = config("origins");
    config.allow_origins = vec![
        "https://a.example,https://b.example".into(),
        "http://127.0.0.1:4817".into(),
    ];
    let (running, base) = start(config).await;
    for origin in [
        "https://a.example",
        "https://b.example",
        "http://127.0.0.1:4817",
    ] {
        let allowed = reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, format!("{base}/api/reviews"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .send()
            .await
            .unwrap();
        assert_eq!(allowed.headers()["access-control-allow-origin"], origin);
    }
    running.stop().await.unwrap();
    for bad in [
        "https://a.example/",
        "a.example",
        "ftp://a.example",
        "https://a.example/path",
    ] {
        let mut config = super::config("bad-origin");
        config.allow_origins = vec![bad.into()];
        let error = receiver::start(config)
            .await
            .err()
            .expect("refused")
            .to_string();
        assert!(error.contains(&format!("{bad:?}")), "{error}");
    }
}

#[tokio::test]
async fn keyset_pages_and_time_and_reviewer_filters() {
    let (running, base) = start(config("keyset")).await;
    for n in 0..7u128 {
        let mut body = review_by(
            0,
            50 + n,
            if n % 2 == 0 { "qc-07" } else { "qc-08" },
            "1024",
        );
        body["started_at"] = json!(format!("2026-11-2{}T09:55:00Z", n + 1));
        body["submitted_at"] = json!(format!("2026-11-2{}T10:00:00Z", n + 1));
        assert_eq!(post(&base, &body).await.status(), StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    let mut url = format!("{base}/api/reviews?limit=3");
    for _ in 0..5 {
        let page = get_json(url.clone()).await;
        seen.extend(listed_ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => url = format!("{base}/api/reviews?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    let all: Vec<String> = (0..7u128).rev().map(|n| id(50 + n).to_string()).collect();
    assert_eq!(seen, all, "every review once, newest first");
    let page = get_json(format!(
        "{base}/api/reviews?from=2026-11-23T00:00:00Z&to=2026-11-25T18:00:01%2B08:00&reviewer_id=qc-07&count=true"
    ))
    .await;
    assert_eq!(listed_ids(&page), [id(54).to_string(), id(52).to_string()]);
    assert_eq!(page["total"], 2);
    running.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_receivers_on_one_file_store_each_review_once() {
    let first = config("shared");
    let mut second = config("shared-other");
    second.db = first.db.clone();
    let db = first.db.clone();
    let (a, base_a) = start(first).await;
    let (b, base_b) = start(second).await;
    let bodies: Vec<Value> = (0..40u128)
        .map(|n| review((n % 4) as usize, id(200 + n)))
        .collect();
    let mut tasks = Vec::new();
    for base in [base_a, base_b] {
        let bodies = bodies.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for body in &bodies {
                statuses.push(post(&base, body).await.status());
            }
            statuses
        }));
    }
    for task in tasks {
        let statuses = task.await.unwrap();
        assert!(
            statuses.iter().all(|s| *s == StatusCode::CREATED),
            "{statuses:?}"
        );
    }
    assert_eq!(rows(&db), 40);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    a.stop().await.unwrap();
    b.stop().await.unwrap();
}

#[tokio::test]
async fn a_database_from_the_first_receiver_is_upgraded_in_place() {
    let config = config("upgrade");
    let db = config.db.clone();
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/receiver/v0.sqlite"),
        &db,
    )
    .unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let before: i64 = conn
        .query_row("SELECT COUNT(*) FROM reviews", [], |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 0);
    drop(conn);
    let (running, base) = start(config).await;
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, receiver::SCHEMA_VERSION);
    assert_eq!(rows(&db), before);
    let missing: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM reviews WHERE submitted_ms IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(missing, 0, "every row's new columns are filled");
    // The first receiver kept a forged trace (hold earned in full); the item rows
    // are the engine's.
    let forged: (f64, f64) = conn
        .query_row(
            "SELECT earned, possible FROM review_items JOIN reviews USING (seq)
             WHERE review_id = '0b6f1c1e-9d7a-4c55-8a33-000000000f0f' AND item_id = 'hold'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(forged, (0.0, 4.0));
    let page = get_json(format!("{base}/api/reviews?agent_id=1024&count=true")).await;
    assert!(page["total"].as_u64().unwrap() > 0, "{page}");
    // Every request the first receiver stored still replays under its key.
    let requests = include_str!("../fixtures/receiver/v0-requests.ndjson");
    for line in requests.lines().filter(|l| !l.is_empty()) {
        let key = serde_json::from_str::<Value>(line).unwrap()["review_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let again = post_raw(&base, &key, line.to_owned()).await;
        assert_eq!(again.status(), StatusCode::CREATED, "{key}");
        assert_eq!(again.headers()[REPLAYED], "true", "{key}");
    }
    assert_eq!(rows(&db), before);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_database_newer_than_the_receiver_is_refused() {
    let config = config("newer");
    std::fs::create_dir_all(config.db.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&config.db).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let error = receiver::start(config)
        .await
        .err()
        .expect("refused")
        .to_string();
    let expected = format!(
        "schema version 99, newer than this receiver's {}",
        receiver::SCHEMA_VERSION
    );
    assert!(error.contains(&expected), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_mid_load_drains_and_exits_0_with_every_acknowledged_review() {
    let db = database("sigterm");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rubric-receiver"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--rubrics"])
        .arg(fixtures())
        .arg("--db")
        .arg(&db)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{base}/api/health")).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    // Eight clients post until the server goes away; each keeps what was acknowledged.
    let mut tasks = Vec::new();
    for t in 0..8u128 {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0..400u128 {
                let body = review((n % 4) as usize, id(10_000 + t * 1_000 + n));
                match reqwest::Client::new()
                    .post(format!("{base}/api/reviews"))
                    .header("Idempotency-Key", body["review_id"].as_str().unwrap())
                    .body(body.to_string())
                    .send()
                    .await
                {
                    Ok(r) if r.status() == StatusCode::CREATED => {
                        acknowledged.push(body["review_id"].as_str().unwrap().to_owned())
                    }
                    Ok(_) | Err(_) => break,
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.code(), Some(0), "a clean stop");
    let mut acknowledged = Vec::new();
    for task in tasks {
        acknowledged.extend(task.await.unwrap());
    }
    assert!(!acknowledged.is_empty(), "the load ran before the signal");
    let conn = rusqlite::Connection::open(&db).unwrap();
    for key in &acknowledged {
        let found: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM reviews WHERE review_id = ?1",
                [key],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1, "{key} was acknowledged");
    }
}
