//! `rubric-receiver`: the reference receiver (see `rubric-receiver --help`).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::net::SocketAddr;
    use std::path::PathBuf;
    use std::process::ExitCode;
    use std::time::Duration;

    use clap::{Parser, Subcommand};
    use rubric_widget::receiver::{self, ReceiverConfig, Role};

    /// Stores review/v1 documents in SQLite, exactly once each, after checking them
    /// with the widget's own scoring engine; serves the widget and its rubrics.
    #[derive(Debug, Parser)]
    #[command(name = "rubric-receiver", version)]
    struct Args {
        #[command(subcommand)]
        command: Option<Command>,
        /// The SQLite database file (created if missing; upgraded in place if older).
        #[arg(
            long,
            env = "RECEIVER_DB",
            default_value = "data/reviews.sqlite",
            global = true
        )]
        db: PathBuf,
        /// The folder of rubric files reviews are checked against.
        #[arg(
            long,
            env = "RECEIVER_RUBRICS",
            default_value = "rubrics",
            global = true
        )]
        rubrics: PathBuf,
        #[command(flatten)]
        serve: Serve,
    }

    #[derive(Debug, Subcommand)]
    enum Command {
        /// API keys for servers and scripts.
        #[command(subcommand)]
        Key(KeyCommand),
        /// Bring the database to this receiver's schema, then exit.
        Migrate,
        /// Fill the database with a made-up center's months of reviews (sample data
        /// for the reports; docs/receiver.md).
        Seed {
            /// How many reviews.
            #[arg(long, default_value_t = 20_000)]
            reviews: u64,
            /// Over how many days before now.
            #[arg(long, default_value_t = 180)]
            days: i64,
            /// The rubric ids to review (repeatable); all known ones when absent.
            #[arg(long = "rubric", value_name = "ID")]
            ids: Vec<String>,
            /// Do nothing when the database holds reviews already.
            #[arg(long)]
            if_empty: bool,
        },
    }

    #[derive(Debug, Subcommand)]
    enum KeyCommand {
        /// Make a key; its secret is printed once and only its hash is stored.
        Create {
            /// inspector, supervisor, agent, trainee or admin.
            #[arg(long, value_parser = parse_role)]
            role: Role,
            /// What the key is for, e.g. nightly-export.
            #[arg(long)]
            name: String,
        },
        /// Every key (never a secret).
        List,
        /// Refuse a key from now on.
        Revoke { id: String },
    }

    #[derive(Debug, clap::Args)]
    struct Serve {
        /// Address to listen on; any but loopback requires authentication.
        #[arg(long, env = "RECEIVER_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Serve a folder: PREFIX=FOLDER, e.g. /=dist for the built widget (repeatable).
        #[arg(long = "serve", value_name = "PREFIX=FOLDER", value_parser = parse_serve)]
        serve: Vec<(String, PathBuf)>,
        /// Origins allowed to call the API from another origin, or * (repeatable, or
        /// comma-separated).
        #[arg(long = "allow-origin", value_name = "ORIGIN")]
        allow_origins: Vec<String>,
        /// The largest review accepted, in bytes.
        #[arg(long, default_value_t = 1024 * 1024)]
        max_body: usize,
        /// The endpoint the served widget sends reviews to (its /config.json).
        #[arg(long, default_value = "/api/reviews")]
        endpoint: String,
        /// A file holding the HS256 secret JWTs are signed with.
        #[arg(long, env = "RECEIVER_JWT_SECRET_FILE")]
        jwt_secret_file: Option<PathBuf>,
        /// A JWKS file of public keys for RS256 and ES256 JWTs.
        #[arg(long, env = "RECEIVER_JWKS")]
        jwks: Option<PathBuf>,
        /// The issuer (iss) a JWT must name.
        #[arg(long, env = "RECEIVER_JWT_ISSUER")]
        jwt_issuer: Option<String>,
        /// The audience (aud) a JWT must name.
        #[arg(long, env = "RECEIVER_JWT_AUDIENCE", default_value = "rubric-receiver")]
        jwt_audience: String,
        /// Require a credential even on a loopback address (behind a reverse proxy).
        #[arg(long)]
        require_auth: bool,
        /// Listen on a non-loopback address with no authentication at all.
        #[arg(long)]
        insecure_no_auth: bool,
        /// A host name the receiver answers to besides IP addresses and localhost
        /// (repeatable).
        #[arg(long = "public-host", value_name = "NAME")]
        public_hosts: Vec<String>,
        /// How far in the future submitted_at may be, in seconds.
        #[arg(long, default_value_t = 300)]
        clock_skew: u64,
        /// The calibration tolerance verdicts are re-computed with, in points.
        #[arg(long, default_value_t = 5.0)]
        calibration_tolerance: f64,
        /// Seconds a request's headers may take to arrive.
        #[arg(long, default_value_t = 10)]
        header_timeout: u64,
        /// Seconds a request's body may take to arrive.
        #[arg(long, default_value_t = 30)]
        body_timeout: u64,
        /// Milliseconds a write waits for another writer before answering 503.
        #[arg(long, default_value_t = 2000)]
        busy_timeout: u64,
        /// Seconds a stop (SIGTERM, Ctrl-C) waits for requests under way.
        #[arg(long, default_value_t = 10)]
        drain_timeout: u64,
    }

    fn parse_role(s: &str) -> Result<Role, RoleArg> {
        Role::parse(s).ok_or_else(|| RoleArg(s.to_owned()))
    }

    #[derive(Debug, thiserror::Error)]
    #[error("{0:?} is not one of inspector, supervisor, agent, trainee, admin")]
    struct RoleArg(String);

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

    /// Why the receiver could not start.
    #[derive(Debug, thiserror::Error)]
    enum StartError {
        #[error("cannot read the JWT secret file {path}: {source}")]
        Secret {
            path: PathBuf,
            #[source]
            source: std::io::Error,
        },
        #[error("the JWT secret file {0} is empty")]
        EmptySecret(PathBuf),
    }

    fn config(db: PathBuf, rubrics: PathBuf, args: Serve) -> Result<ReceiverConfig, StartError> {
        let mut config = ReceiverConfig::new(db, rubrics);
        config.addr = args.addr;
        config.serve = args.serve;
        config.allow_origins = args.allow_origins;
        config.max_body = args.max_body;
        config.widget_config = serde_json::json!({ "endpoint": args.endpoint });
        if let Some(path) = args.jwt_secret_file {
            let secret = std::fs::read(&path).map_err(|source| StartError::Secret {
                path: path.clone(),
                source,
            })?;
            let secret = secret.trim_ascii().to_vec();
            if secret.is_empty() {
                return Err(StartError::EmptySecret(path));
            }
            config.auth.hs256_secret = Some(secret);
        }
        config.auth.jwks = args.jwks;
        config.auth.issuer = args.jwt_issuer;
        config.auth.audience = args.jwt_audience;
        config.auth.required = args.require_auth;
        config.insecure_no_auth = args.insecure_no_auth;
        config.public_hosts = args.public_hosts;
        config.clock_skew = Duration::from_secs(args.clock_skew);
        config.calibration_tolerance = args.calibration_tolerance;
        config.header_timeout = Duration::from_secs(args.header_timeout);
        config.body_timeout = Duration::from_secs(args.body_timeout);
        config.busy_timeout = Duration::from_millis(args.busy_timeout);
        config.drain_timeout = Duration::from_secs(args.drain_timeout);
        Ok(config)
    }

    /// SIGTERM (systemd, Docker, Kubernetes) or SIGINT (Ctrl-C).
    async fn stop_signal() {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            if let Ok(mut term) = signal(SignalKind::terminate()) {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
                return;
            }
        }
        // Err only when no handler can be installed: then it stops at once.
        let _ = tokio::signal::ctrl_c().await;
    }

    async fn run(config: ReceiverConfig) -> ExitCode {
        let running = match receiver::start(config).await {
            Ok(running) => running,
            Err(e) => {
                eprintln!("rubric-receiver: {e}");
                return ExitCode::FAILURE;
            }
        };
        let state = &running.state;
        eprintln!(
            "rubric-receiver: listening on http://{} — database {} (schema {}), {} rubric(s): {}; authentication {}",
            running.addr,
            state.store.path().display(),
            receiver::SCHEMA_VERSION,
            state.rubrics.len(),
            state.rubrics.names().join(", "),
            if state.auth.required() {
                "required"
            } else {
                "off (loopback)"
            }
        );
        if !state.config.serve.is_empty() {
            eprintln!(
                "rubric-receiver: open http://{}/ to score a call",
                running.addr
            );
        }
        stop_signal().await;
        eprintln!("rubric-receiver: stopping (finishing the requests under way)");
        match running.stop().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("rubric-receiver: {e}");
                ExitCode::FAILURE
            }
        }
    }

    /// Why a `key` or `migrate` command failed.
    #[derive(Debug, thiserror::Error)]
    enum OfflineError {
        #[error(transparent)]
        Open(#[from] receiver::ReceiverError),
        #[error(transparent)]
        Store(#[from] receiver::StoreError),
        #[error(transparent)]
        Key(#[from] receiver::AuthError),
        #[error("no live key {0:?} (see rubric-receiver key list)")]
        NoKey(String),
        #[error("seed: {0}")]
        Seed(#[from] receiver::SeedError),
    }

    /// `key …` and `migrate`: work on the database directly, then exit.
    fn offline(db: PathBuf, rubrics: PathBuf, command: Command) -> Result<(), OfflineError> {
        let (store, loaded) = receiver::open(&ReceiverConfig::new(db, rubrics))?;
        match command {
            Command::Migrate => {
                let (path, version) = (store.path().display(), receiver::SCHEMA_VERSION);
                println!("{path}: schema version {version}");
            }
            Command::Key(KeyCommand::Create { role, name }) => {
                let key = receiver::create_key(&store, &name, role)?;
                let i = &key.info;
                eprintln!(
                    "rubric-receiver: key {} ({}, {}) created; its secret is shown only now:",
                    i.id, i.name, i.role
                );
                println!("{}", key.secret);
            }
            Command::Key(KeyCommand::List) => {
                println!(
                    "{:<10} {:<12} {:<28} {:<28} name",
                    "id", "role", "created", "revoked"
                );
                for k in store.keys()? {
                    let revoked = k.revoked_at.as_deref().unwrap_or("-");
                    let (id, role, created) = (&k.id, &k.role, &k.created_at);
                    println!("{id:<10} {role:<12} {created:<28} {revoked:<28} {}", k.name);
                }
            }
            Command::Seed {
                reviews,
                days,
                ids,
                if_empty,
            } => {
                let (store, rubrics) = (&store, &loaded);
                if if_empty && store.count()? > 0 {
                    println!(
                        "{}: holds reviews already; not seeded",
                        store.path().display()
                    );
                    return Ok(());
                }
                let tolerance = receiver::DEFAULT_CALIBRATION_TOLERANCE;
                let stored = receiver::seed(store, rubrics, &ids, reviews, days, tolerance)?;
                println!(
                    "{}: {stored} made-up reviews stored",
                    store.path().display()
                );
            }
            Command::Key(KeyCommand::Revoke { id }) => {
                let at = jiff::Timestamp::now().to_string();
                if !store.revoke_key(&id, &at)? {
                    return Err(OfflineError::NoKey(id));
                }
                println!("key {id} revoked");
            }
        }
        Ok(())
    }

    pub fn main() -> ExitCode {
        let args = Args::parse();
        if let Some(command) = args.command {
            return match offline(args.db, args.rubrics, command) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("rubric-receiver: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        let config = match config(args.db, args.rubrics, args.serve) {
            Ok(config) => config,
            Err(e) => {
                eprintln!("rubric-receiver: {e}");
                return ExitCode::FAILURE;
            }
        };
        match tokio::runtime::Runtime::new() {
            Ok(runtime) => runtime.block_on(run(config)),
            Err(e) => {
                eprintln!("rubric-receiver: cannot start: {e}");
                ExitCode::FAILURE
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
