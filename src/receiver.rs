//! The reference receiver: a small server a backend can run or copy. It accepts
//! review/v1 documents, checks them with the same core the widget scores with, stores
//! them in a SQLite file exactly once per review (Idempotency-Key), lists them, and
//! serves the built widget with its rubrics.

mod api;
pub mod auth;
mod check;
mod keys;
mod reports;
mod reviews;
mod row;
mod rubrics;
mod schema;
mod seed;
mod serve;
mod store;
mod writer;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;
use tower_http::timeout::RequestBodyTimeoutLayer;

pub use api::{ApiError, REPLAYED};
pub use auth::{AuthConfig, AuthError, Authenticator, Caller, Role, create_key};
pub use row::NewReview;
pub use rubrics::{Known, Rubrics, RubricsError};
pub use schema::{MigrationError, VERSION as SCHEMA_VERSION};
pub use seed::{SeedError, seed};
pub use store::{
    Filter, KeyInfo, KeyState, Listing, Start, Store, StoreError, Submission, Summary,
};

/// How a receiver runs.
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// The SQLite file (created, with its folder, if missing).
    pub db: PathBuf,
    /// The folder of rubric files reviews are checked against.
    pub rubrics: PathBuf,
    /// Static folders to serve: URL prefix (`/` for the built widget) and folder.
    pub serve: Vec<(String, PathBuf)>,
    /// Origins allowed to call the API from another origin (`*`: any, without
    /// cookies); an entry may be a comma-separated list.
    pub allow_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// What `GET /config.json` answers: the served widget's configuration.
    pub widget_config: serde_json::Value,
    /// For tests: a pause before a review is checked and stored, so that requests
    /// overlap.
    pub processing_delay: Duration,
    /// Who may call, and how they prove it.
    pub auth: AuthConfig,
    /// Start on a non-loopback address without authentication (never by default).
    pub insecure_no_auth: bool,
    /// Host names (besides IP addresses and localhost) the receiver answers to.
    pub public_hosts: Vec<String>,
    /// How far in the future `submitted_at` may be, by the receiver's clock.
    pub clock_skew: Duration,
    /// The calibration tolerance the receiver re-computes verdicts with, in points.
    pub calibration_tolerance: f64,
    /// How long a request's headers, and then its body, may take to arrive.
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    /// How long a write waits for another writer before answering 503.
    pub busy_timeout: Duration,
    /// Read connections to the database.
    pub readers: u32,
    /// How long a stop waits for requests under way before closing them.
    pub drain_timeout: Duration,
}

/// How far apart, in points, an inspector's total may be from the expert's for a
/// calibration to count as calibrated, unless `--calibration-tolerance` says otherwise.
pub const DEFAULT_CALIBRATION_TOLERANCE: f64 = 5.0;

impl ReceiverConfig {
    /// Defaults for a receiver of the rubrics in `rubrics`, storing into `db`.
    pub fn new(db: PathBuf, rubrics: PathBuf) -> Self {
        ReceiverConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            db,
            rubrics,
            serve: Vec::new(),
            allow_origins: Vec::new(),
            max_body: 1024 * 1024,
            widget_config: serde_json::json!({ "endpoint": "/api/reviews" }),
            processing_delay: Duration::ZERO,
            auth: AuthConfig {
                audience: AuthConfig::DEFAULT_AUDIENCE.to_owned(),
                ..AuthConfig::default()
            },
            insecure_no_auth: false,
            public_hosts: Vec::new(),
            clock_skew: Duration::from_secs(300),
            calibration_tolerance: DEFAULT_CALIBRATION_TOLERANCE,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            busy_timeout: Duration::from_secs(2),
            readers: 4,
            drain_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReceiverError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rubrics(#[from] RubricsError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(
        "--allow-origin {origin:?} is not an origin like https://crm.example.com or http://127.0.0.1:8080 (or *)"
    )]
    Origin { origin: String },
    #[error("--public-host {host:?} is not a host name like qc.example.com")]
    PublicHost { host: String },
    #[error(
        "refusing to listen on {addr} without authentication: anyone who reaches it could read and write reviews. \
         Create an API key (rubric-receiver key create --role admin --name me) or give --jwt-secret-file / --jwks; \
         --insecure-no-auth starts it open anyway"
    )]
    Unauthenticated { addr: SocketAddr },
    #[error("--calibration-tolerance must be a number of points ≥ 0, found {0}")]
    Tolerance(f64),
    #[error("cannot serve {path}: it is not a folder")]
    Serve { path: PathBuf },
    #[error("the server stopped: {0}")]
    Stopped(#[source] std::io::Error),
}

/// What the handlers share.
pub struct AppState {
    pub store: Arc<Store>,
    /// Writes reviews, many per transaction.
    writer: writer::Writer,
    pub rubrics: Rubrics,
    pub auth: Authenticator,
    pub config: ReceiverConfig,
}

/// The routes: the API, the widget's config, the static folders; CORS, the `Host`
/// check, the body limit and the body timeout around them all.
pub fn router(state: Arc<AppState>) -> Result<Router, ReceiverError> {
    let mut app = Router::new()
        .route("/api/reviews", get(reviews::list).post(reviews::create))
        .route(
            "/api/reviews/{id}",
            get(reviews::get_one).put(reviews::replace),
        )
        .route("/api/reviews/export", get(reports::export))
        .route("/api/stats", get(reports::stats))
        .route("/api/stats/facets", get(reports::facets))
        .route("/api/rubrics", get(reports::rubrics))
        .route("/api/rubrics/{id}", get(reports::rubric))
        .route("/api/keys", get(keys::list).post(keys::create))
        .route("/api/keys/{id}", delete(keys::revoke))
        .route("/api/health", get(api::health))
        .route("/config.json", get(api::widget_config))
        .layer(DefaultBodyLimit::max(state.config.max_body));
    let mut serve = state.config.serve.clone();
    // Longer prefixes first, so /fixtures wins over /.
    serve.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    for (prefix, folder) in serve {
        if !folder.is_dir() {
            return Err(ReceiverError::Serve { path: folder });
        }
        // The release build writes .br and .gz beside the bundle's files: a browser
        // that accepts them gets them (with the original Content-Type, e.g.
        // application/wasm), and a cache keeps the variants apart.
        let files = SetResponseHeader::appending(
            ServeDir::new(folder)
                .precompressed_br()
                .precompressed_gzip(),
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        );
        app = match prefix.trim_end_matches('/') {
            "" => app.fallback_service(files),
            prefix => app.nest_service(prefix, files),
        };
    }
    Ok(app
        .layer(RequestBodyTimeoutLayer::new(state.config.body_timeout))
        .layer(cors(&state.config.allow_origins)?)
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state))
}

/// Refuse, before anything is read, a request for a `Host` the receiver does not
/// answer to (421) or with a `Content-Length` above the limit (413).
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if auth::host_allowed(host, &state.config.public_hosts) => {}
        Some(host) => {
            let message = format!(
                "this receiver does not answer to the host {host:?}; add it with --public-host"
            );
            let body = axum::Json(serde_json::json!({ "error": message }));
            return (StatusCode::MISDIRECTED_REQUEST, body).into_response();
        }
        None => {
            return ApiError::BadRequest("the Host header is required".to_owned()).into_response();
        }
    }
    let length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let limit = state.config.max_body;
    if length.is_some_and(|n| n > limit as u64) {
        return ApiError::TooLarge { limit }.into_response();
    }
    next.run(request).await
}

/// Every allowed origin, from repeated or comma-separated values, each checked.
fn origins(given: &[String]) -> Result<Vec<String>, ReceiverError> {
    let list = given
        .iter()
        .flat_map(|o| o.split(','))
        .map(str::trim)
        .filter(|o| !o.is_empty());
    list.map(|o| {
        let bad = || ReceiverError::Origin {
            origin: o.to_owned(),
        };
        if o == "*" {
            return Ok(o.to_owned());
        }
        let uri: axum::http::Uri = o.parse().map_err(|_| bad())?;
        let (scheme, authority) = (
            uri.scheme_str().ok_or_else(bad)?,
            uri.authority().ok_or_else(bad)?,
        );
        let exact = format!("{scheme}://{authority}");
        let ok = matches!(scheme, "http" | "https")
            && exact == o
            && !authority.host().is_empty()
            && !authority.as_str().contains('@');
        ok.then(|| o.to_owned()).ok_or_else(bad)
    })
    .collect()
}

fn cors(given: &[String]) -> Result<CorsLayer, ReceiverError> {
    let layer = CorsLayer::new()
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static(REPLAYED),
        ])
        .max_age(Duration::from_secs(600));
    let origins = origins(given)?;
    if origins.iter().any(|o| o == "*") {
        return Ok(layer.allow_origin(AllowOrigin::any()));
    }
    let list = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect::<Vec<_>>();
    Ok(layer
        .allow_origin(AllowOrigin::list(list))
        .allow_credentials(true))
}

/// The row a stored document becomes when an older database is upgraded: re-scored
/// by the engine when its rubric is known, else with the trace it carries.
fn derive(rubrics: &Rubrics) -> impl Fn(&str) -> Option<NewReview> + '_ {
    move |document| {
        let review = crate::core::Review::from_json(document).ok()?;
        let known = rubrics.get(review.rubric.id.as_str(), &review.rubric.version);
        let digest_matches = known.is_some_and(|k| k.digest == review.rubric.digest);
        let score = known
            .and_then(|k| k.scorer.score(&review.answers).ok())
            .unwrap_or_else(|| review.score.clone());
        Some(NewReview::new(review, score, digest_matches))
    }
}

/// Open the database (upgrading it in place), load the rubrics and the keys.
pub fn open(config: &ReceiverConfig) -> Result<(Store, Rubrics), ReceiverError> {
    let rubrics = Rubrics::load(&config.rubrics)?;
    let store = Store::open(
        &config.db,
        config.busy_timeout,
        config.readers,
        &derive(&rubrics),
    )?;
    Ok((store, rubrics))
}

/// A receiver running in the background.
pub struct Running {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), std::io::Error>>,
}

impl Running {
    /// Stop accepting connections and finish the requests under way (for at most
    /// the drain timeout).
    pub async fn stop(mut self) -> Result<(), ReceiverError> {
        if let Some(stop) = self.stop.take() {
            // The server may already be gone; stopping it twice is fine.
            let _ = stop.send(());
        }
        match self.task.await {
            Ok(result) => result.map_err(ReceiverError::Stopped),
            Err(e) => Err(ReceiverError::Stopped(std::io::Error::other(e))),
        }
    }
}

/// Whether authentication is required: always off a loopback address (unless
/// explicitly waived), and on one when tokens are configured.
fn resolve_auth(config: &mut ReceiverConfig, store: &Store) -> Result<(), ReceiverError> {
    if !config.calibration_tolerance.is_finite() || config.calibration_tolerance < 0.0 {
        return Err(ReceiverError::Tolerance(config.calibration_tolerance));
    }
    for host in &config.public_hosts {
        let valid = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !valid {
            return Err(ReceiverError::PublicHost { host: host.clone() });
        }
    }
    let loopback = config.addr.ip().is_loopback();
    if !loopback && !config.insecure_no_auth {
        let keys = store.keys()?;
        if !config.auth.has_jwt() && keys.iter().all(|k| k.revoked_at.is_some()) {
            return Err(ReceiverError::Unauthenticated { addr: config.addr });
        }
        config.auth.required = true;
    }
    if config.auth.has_jwt() && !config.insecure_no_auth {
        config.auth.required = true;
    }
    Ok(())
}

/// Open the database, load the rubrics, bind and start serving.
pub async fn start(mut config: ReceiverConfig) -> Result<Running, ReceiverError> {
    let (store, rubrics) = open(&config)?;
    resolve_auth(&mut config, &store)?;
    let auth = Authenticator::new(config.auth.clone())?;
    let store = Arc::new(store);
    let state = Arc::new(AppState {
        writer: writer::Writer::start(store.clone()),
        store,
        rubrics,
        auth,
        config,
    });
    let app = router(state.clone())?;
    let listener = tokio::net::TcpListener::bind(state.config.addr)
        .await
        .map_err(|source| ReceiverError::Bind {
            addr: state.config.addr,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ReceiverError::Bind {
            addr: state.config.addr,
            source,
        })?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve::serve(listener, app, state.config.clone(), stopped));
    Ok(Running {
        addr,
        state,
        stop: Some(stop),
        task,
    })
}
