//! The receiver at scale (docs/performance.md, "The receiver at a million reviews"):
//!
//! ```sh
//! cargo run --profile bench --example receiver_scale -- --reviews 1000000 --seconds 20
//! ```
//!
//! 1. Generates realistic reviews (`core::generate::center`: the sample rubrics, 500
//!    agents in 20 teams, 25 inspectors, 12 months, each agent with their own slips)
//!    and bulk-loads them into a fresh SQLite file, through the receiver's own store
//!    (engine scores, item rows, indexes).
//! 2. Starts the receiver on 127.0.0.1 on that file and, for a bounded time, posts
//!    new reviews from 32 keep-alive clients while 4 clients list with and without
//!    filters; prints throughput and latency percentiles.
//! 3. Prints the database's size per review, and times the in-place upgrade of a
//!    100,000-review database written in the first receiver's schema.
//!
//! Not part of the test suite: it takes minutes and several GB of disk.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    scale::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod scale {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::time::{Duration, Instant};

    use clap::Parser;
    use rubric_widget::core::generate::center;
    use rubric_widget::core::{Review, Scorer};
    use rubric_widget::receiver::{self, NewReview, ReceiverConfig, Store};

    #[derive(Debug, Parser)]
    struct Args {
        /// Reviews to bulk-load before the load test.
        #[arg(long, default_value_t = 1_000_000)]
        reviews: u64,
        /// Seconds of load (writers and readers together).
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Concurrent writers (keep-alive clients posting reviews).
        #[arg(long, default_value_t = 32)]
        writers: usize,
        /// Concurrent readers (listing, with and without filters).
        #[arg(long, default_value_t = 4)]
        readers: usize,
        /// Where the database files go.
        #[arg(long, default_value = "target/scale")]
        dir: PathBuf,
        /// Keep the database of an earlier run when it holds enough reviews.
        #[arg(long)]
        keep: bool,
        /// Reviews in the database whose upgrade is timed.
        #[arg(long, default_value_t = 100_000)]
        upgrade_reviews: u64,
    }

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rubrics");

    /// A center's year (core::generate::center): 500 agents in 20 teams, 25
    /// inspectors, the sample rubrics at 70/30, ending with November 2026 in Shanghai.
    struct Generator(center::Generator);

    impl Generator {
        fn new(seed: u64) -> Generator {
            let sample = |name: &str, share| {
                let text = std::fs::read_to_string(format!("{FIXTURES}/{name}.json"))
                    .expect("the sample fixtures are here");
                let scorer = Scorer::from_json(&text).expect("a valid sample rubric");
                center::Sample::new(scorer, &text, share)
            };
            let center = center::Center {
                agents: 500,
                teams: 20,
                inspectors: 25,
                days: 365,
                end_s: 1_796_054_400,
                seed,
            };
            let samples = vec![
                sample("cc-qc-standard", 70),
                sample("support-qa-weighted", 30),
            ];
            Generator(center::Generator::new(center, samples))
        }

        fn review(&mut self, n: u64) -> Review {
            self.0
                .review(n)
                .expect("the sample rubrics score their best answers")
        }

        fn row(&mut self, n: u64) -> NewReview {
            let review = self.review(n);
            let score = review.score.clone();
            NewReview::new(review, score, true)
        }
    }

    fn percentile(sorted: &[Duration], p: f64) -> f64 {
        if sorted.is_empty() {
            return f64::NAN;
        }
        let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[i].as_secs_f64() * 1000.0
    }

    fn file_size(path: &Path) -> u64 {
        ["", "-wal"]
            .iter()
            .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
            .map(|m| m.len())
            .sum()
    }

    fn fresh(path: &Path) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    /// Bulk-load `count` generated reviews: one thread generates, this one writes.
    fn load(store: &Store, count: u64) -> Duration {
        let started = Instant::now();
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<NewReview>>(4);
        let producer = std::thread::spawn(move || {
            let mut generator = Generator::new(1);
            let mut n = 0;
            while n < count {
                let batch: Vec<NewReview> = (n..(n + 10_000).min(count))
                    .map(|i| generator.row(i))
                    .collect();
                n += batch.len() as u64;
                if tx.send(batch).is_err() {
                    return;
                }
            }
        });
        let received_at = jiff::Timestamp::now().to_string();
        let mut done = 0;
        for batch in rx {
            store
                .bulk_insert(&batch, &received_at)
                .expect("the bulk load writes");
            done += batch.len() as u64;
            if done % 100_000 == 0 {
                eprintln!("  loaded {done} reviews in {:.0?}", started.elapsed());
            }
        }
        let _ = producer.join();
        started.elapsed()
    }

    /// One kind of request's latencies.
    #[derive(Default)]
    struct Timings(Vec<Duration>);

    impl Timings {
        fn line(&mut self, name: &str, seconds: f64) -> String {
            self.0.sort();
            format!(
                "| {name} | {} | {:.0}/s | {:.1} ms | {:.1} ms | {:.1} ms |",
                self.0.len(),
                self.0.len() as f64 / seconds,
                percentile(&self.0, 0.5),
                percentile(&self.0, 0.99),
                self.0.last().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
            )
        }
    }

    async fn writer(base: String, bodies: Vec<(String, String)>, until: Instant) -> (Timings, u64) {
        let client = reqwest::Client::new();
        let (mut timings, mut failed) = (Timings::default(), 0);
        for (key, body) in bodies {
            if Instant::now() >= until {
                break;
            }
            let t = Instant::now();
            let response = client
                .post(format!("{base}/api/reviews"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .body(body)
                .send()
                .await;
            match response {
                Ok(r) if r.status() == reqwest::StatusCode::CREATED => timings.0.push(t.elapsed()),
                _ => failed += 1,
            }
        }
        (timings, failed)
    }

    const QUERIES: [(&str, &str); 5] = [
        ("list, no filter", "limit=50"),
        ("list, agent", "limit=50&agent_id=A0042"),
        (
            "list, team + month",
            "limit=50&team=T07&from=2026-10-01T00:00:00%2B08:00&to=2026-11-01T00:00:00%2B08:00",
        ),
        ("list, inspector", "limit=50&reviewer_id=qc-13"),
        (
            "list, rubric + mode",
            "limit=50&rubric=support-qa&mode=inspect",
        ),
    ];

    async fn reader(base: String, until: Instant, n: usize) -> Vec<Timings> {
        let client = reqwest::Client::new();
        let mut timings: Vec<Timings> = QUERIES.iter().map(|_| Timings::default()).collect();
        // Bounded by time and by count.
        for i in n..n + 1_000_000 {
            if Instant::now() >= until {
                break;
            }
            let k = i % QUERIES.len();
            let t = Instant::now();
            let ok = client
                .get(format!("{base}/api/reviews?{}", QUERIES[k].1))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ok {
                timings[k].0.push(t.elapsed());
            }
        }
        timings
    }

    async fn load_test(args: &Args, db: &Path) -> Vec<String> {
        let mut config = ReceiverConfig::new(db.to_owned(), PathBuf::from(FIXTURES));
        config.addr = "127.0.0.1:0".parse().expect("an address");
        let running = receiver::start(config).await.expect("the receiver starts");
        let base = format!("http://{}", running.addr);
        // Bodies made before the clock starts: the client's work is not measured.
        let per_writer = 160_000 / args.writers.max(1);
        let mut generator = Generator::new(7);
        let offset = 10_000_000_000;
        let mut bodies: Vec<Vec<(String, String)>> = Vec::new();
        for w in 0..args.writers {
            let start = offset + (w * per_writer) as u64;
            let mut list = Vec::with_capacity(per_writer);
            for n in start..start + per_writer as u64 {
                let review = generator.review(n);
                let text = serde_json::to_string(&review).unwrap_or_default();
                list.push((review.review_id.to_string(), text));
            }
            bodies.push(list);
        }
        let began = Instant::now();
        let until = began + Duration::from_secs(args.seconds);
        let writers: Vec<_> = bodies
            .into_iter()
            .map(|b| tokio::spawn(writer(base.clone(), b, until)))
            .collect();
        let readers: Vec<_> = (0..args.readers)
            .map(|n| tokio::spawn(reader(base.clone(), until, n)))
            .collect();
        let (mut posts, mut failed) = (Timings::default(), 0);
        for w in writers {
            if let Ok((t, f)) = w.await {
                posts.0.extend(t.0);
                failed += f;
            }
        }
        let mut lists: Vec<Timings> = QUERIES.iter().map(|_| Timings::default()).collect();
        for r in readers {
            if let Ok(t) = r.await {
                for (all, one) in lists.iter_mut().zip(t) {
                    all.0.extend(one.0);
                }
            }
        }
        let seconds = began.elapsed().as_secs_f64();
        let stats = stats_timings(&base).await;
        let _ = running.stop().await;
        let mut lines = vec![
            "| request | count | rate | p50 | p99 | max |".to_owned(),
            "|---|---|---|---|---|---|".to_owned(),
            posts.line(
                &format!("POST review ({} clients; {failed} failed)", args.writers),
                seconds,
            ),
        ];
        for ((name, _), t) in QUERIES.iter().zip(lists.iter_mut()) {
            lines.push(t.line(name, seconds));
        }
        lines.extend(stats);
        lines
    }

    /// `GET /api/stats` for a month and for the whole year, five times each, alone.
    async fn stats_timings(base: &str) -> Vec<String> {
        let client = reqwest::Client::new();
        let periods = [
            (
                "stats, one month (Nov 2026)",
                "2026-11-01T00:00:00%2B08:00",
                "2026-12-01T00:00:00%2B08:00",
                "day",
            ),
            (
                "stats, the whole year",
                "2025-12-01T00:00:00%2B08:00",
                "2026-12-01T00:00:00%2B08:00",
                "month",
            ),
        ];
        let mut lines = Vec::new();
        for (name, from, to, bucket) in periods {
            let url = format!(
                "{base}/api/stats?rubric=cc-qc-standard&from={from}&to={to}&tz=Asia/Shanghai&bucket={bucket}"
            );
            let mut timings = Timings::default();
            let mut reviews = 0;
            for _ in 0..5 {
                let t = Instant::now();
                if let Ok(r) = client.get(&url).send().await
                    && let Ok(v) = r.json::<serde_json::Value>().await
                {
                    timings.0.push(t.elapsed());
                    reviews = v["summary"]["reviews"].as_u64().unwrap_or(0);
                }
            }
            let line = timings.line(&format!("{name}: {reviews} reviews"), 1.0);
            lines.push(line);
        }
        lines
    }

    /// A database in the first receiver's schema (no version) with `count` reviews.
    fn old_database(path: &Path, count: u64) {
        fresh(path);
        let mut conn = rusqlite::Connection::open(path).expect("a database file");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE reviews (seq INTEGER PRIMARY KEY AUTOINCREMENT, review_id TEXT NOT NULL UNIQUE,
               rubric_id TEXT NOT NULL, rubric_version TEXT NOT NULL, rubric_digest TEXT NOT NULL,
               digest_matches INTEGER NOT NULL, mode TEXT NOT NULL, total REAL, passed INTEGER,
               fatal INTEGER NOT NULL, complete INTEGER NOT NULL, submitted_at TEXT NOT NULL,
               received_at TEXT NOT NULL, document TEXT NOT NULL);
             CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL,
               state TEXT NOT NULL CHECK (state IN ('in_flight', 'done')), status INTEGER,
               response TEXT, updated_at INTEGER NOT NULL);",
        )
        .expect("the first schema");
        let tx = conn.transaction().expect("a transaction");
        let mut generator = Generator::new(3);
        for n in 0..count {
            let row = generator.row(n);
            tx.execute(
                "INSERT INTO reviews (review_id, rubric_id, rubric_version, rubric_digest, digest_matches, mode,
                   total, passed, fatal, complete, submitted_at, received_at, document)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
                rusqlite::params![row.review_id, row.rubric_id, row.rubric_version, row.rubric_digest, row.mode,
                    row.total, row.passed, row.fatal, row.complete, row.submitted_at, row.document],
            )
            .expect("an old row");
        }
        tx.commit().expect("the old rows");
    }

    /// A fresh database of `count` generated reviews; prints how long it took and its
    /// size.
    fn bulk_load(db: &Path, count: u64) {
        fresh(db);
        let store =
            Store::open(db, Duration::from_secs(5), 1, &|_| None).expect("a fresh database");
        eprintln!("loading {count} generated reviews into {}", db.display());
        let took = load(&store, count);
        let count = store.count().unwrap_or(0);
        drop(store);
        let size = file_size(db);
        println!(
            "bulk load: {count} reviews in {:.1} s ({:.0} reviews/s); {:.2} GB, {:.0} bytes per review",
            took.as_secs_f64(),
            count as f64 / took.as_secs_f64(),
            size as f64 / 1e9,
            size as f64 / count.max(1) as f64
        );
    }

    pub fn main() -> ExitCode {
        let args = Args::parse();
        if let Err(e) = std::fs::create_dir_all(&args.dir) {
            eprintln!("receiver_scale: cannot create {}: {e}", args.dir.display());
            return ExitCode::FAILURE;
        }
        let db = args.dir.join("reviews.sqlite");
        let kept = args.keep
            && Store::open(&db, Duration::from_secs(5), 1, &|_| None)
                .and_then(|s| s.count())
                .is_ok_and(|n| n >= args.reviews);
        if !kept {
            bulk_load(&db, args.reviews);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        eprintln!("load test: {} s", args.seconds);
        for line in runtime.block_on(load_test(&args, &db)) {
            println!("{line}");
        }
        let old = args.dir.join("old.sqlite");
        eprintln!(
            "writing {} reviews in the first receiver's schema",
            args.upgrade_reviews
        );
        old_database(&old, args.upgrade_reviews);
        let mut config = ReceiverConfig::new(old.clone(), PathBuf::from(FIXTURES));
        config.busy_timeout = Duration::from_secs(5);
        let started = Instant::now();
        let opened = receiver::open(&config).map(|_| ());
        println!(
            "upgrade: {} reviews from the first schema in {:.1} s ({:?})",
            args.upgrade_reviews,
            started.elapsed().as_secs_f64(),
            opened.map_err(|e| e.to_string())
        );
        ExitCode::SUCCESS
    }
}
