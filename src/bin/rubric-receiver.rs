//! `rubric-receiver`: the reference receiver (see `rubric-receiver --help`).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::net::SocketAddr;
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::Parser;
    use rubric_widget::receiver::{self, ReceiverConfig};

    /// Stores review/v1 documents in SQLite, exactly once each, after checking them
    /// with the widget's own scoring engine; serves the widget and its rubrics.
    #[derive(Debug, Parser)]
    #[command(name = "rubric-receiver", version)]
    struct Args {
        /// Address to listen on.
        #[arg(long, env = "RECEIVER_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// The SQLite database file (created if missing).
        #[arg(long, env = "RECEIVER_DB", default_value = "data/reviews.sqlite")]
        db: PathBuf,
        /// The folder of rubric files reviews are checked against.
        #[arg(long, env = "RECEIVER_RUBRICS", default_value = "rubrics")]
        rubrics: PathBuf,
        /// Serve a folder: PREFIX=FOLDER, e.g. /=dist for the built widget (repeatable).
        #[arg(long = "serve", value_name = "PREFIX=FOLDER", value_parser = parse_serve)]
        serve: Vec<(String, PathBuf)>,
        /// An origin allowed to call the API from another origin, or * (repeatable).
        #[arg(long = "allow-origin", value_name = "ORIGIN")]
        allow_origins: Vec<String>,
        /// The largest review accepted, in bytes.
        #[arg(long, default_value_t = 1024 * 1024)]
        max_body: usize,
        /// The endpoint the served widget sends reviews to (its /config.json).
        #[arg(long, default_value = "/api/reviews")]
        endpoint: String,
    }

    /// What is wrong with a `--serve` argument.
    #[derive(Debug, thiserror::Error)]
    enum ServeArg {
        #[error("expected PREFIX=FOLDER, found {0:?}")]
        NoEquals(String),
        #[error("the prefix must start with /, found {0:?}")]
        Prefix(String),
    }

    fn parse_serve(s: &str) -> Result<(String, PathBuf), ServeArg> {
        let (prefix, folder) = s
            .split_once('=')
            .ok_or_else(|| ServeArg::NoEquals(s.to_owned()))?;
        if !prefix.starts_with('/') {
            return Err(ServeArg::Prefix(prefix.to_owned()));
        }
        Ok((prefix.to_owned(), PathBuf::from(folder)))
    }

    pub fn main() -> ExitCode {
        let args = Args::parse();
        let mut config = ReceiverConfig::new(args.db, args.rubrics);
        config.addr = args.addr;
        config.serve = args.serve;
        config.allow_origins = args.allow_origins;
        config.max_body = args.max_body;
        config.widget_config = serde_json::json!({ "endpoint": args.endpoint });
        let runtime = match tokio::runtime::Runtime::new() {
            Ok(runtime) => runtime,
            Err(e) => {
                eprintln!("rubric-receiver: cannot start: {e}");
                return ExitCode::FAILURE;
            }
        };
        runtime.block_on(async {
            let running = match receiver::start(config).await {
                Ok(running) => running,
                Err(e) => {
                    eprintln!("rubric-receiver: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let state = &running.state;
            eprintln!(
                "rubric-receiver: listening on http://{} — database {}, {} rubric(s): {}",
                running.addr,
                state.store.path().display(),
                state.rubrics.len(),
                state.rubrics.names().join(", ")
            );
            if !state.config.serve.is_empty() {
                eprintln!(
                    "rubric-receiver: open http://{}/ to score a call",
                    running.addr
                );
            }
            // Err only when no handler can be installed: then it stops at once.
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("rubric-receiver: stopping");
            match running.stop().await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("rubric-receiver: {e}");
                    ExitCode::FAILURE
                }
            }
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
