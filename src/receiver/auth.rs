//! Who is calling: bearer JWTs (as CRM hosts mint them for an embedded widget) and
//! API keys (for servers and scripts), each carrying one role; and which `Host`
//! names the receiver answers to (so a web page cannot reach it by DNS rebinding).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

use super::store::{KeyInfo, Store, StoreError};
use crate::core::digest;

/// What a caller may do (docs: README "Authentication and roles").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Submits reviews as themselves; reads their own.
    Inspector,
    /// Reads everything; submits for others.
    Supervisor,
    /// Reads the reviews of their own calls.
    Agent,
    /// Submits and reads their own quiz attempts.
    Trainee,
    /// Manages API keys.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Inspector,
        Role::Supervisor,
        Role::Agent,
        Role::Trainee,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
            Role::Trainee => "trainee",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// The caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// Authentication is off (a loopback bind) and no credential was sent: the local
    /// user, who may do everything.
    Local,
    /// A verified token or key: its subject and role.
    User { subject: String, role: Role },
}

impl Caller {
    /// The subject recorded as a review's `received_by`.
    pub fn subject(&self) -> Option<&str> {
        match self {
            Caller::Local => None,
            Caller::User { subject, .. } => Some(subject),
        }
    }

    /// Whether the caller holds one of `roles` (the local user holds them all).
    pub fn is(&self, roles: &[Role]) -> bool {
        match self {
            Caller::Local => true,
            Caller::User { role, .. } => roles.contains(role),
        }
    }
}

/// Why a credential was refused (401), or a setting could not be used (at start).
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("authentication is required: send Authorization: Bearer <token or API key>")]
    Missing,
    #[error("the Authorization header must be \"Bearer <token or API key>\"")]
    Malformed,
    #[error("the token was refused: {0}")]
    Token(String),
    #[error("the API key is unknown or revoked")]
    Key,
    #[error("the token's role {0:?} is not one of inspector, supervisor, agent, trainee, admin")]
    Role(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the system's random generator failed: {0}")]
    Random(getrandom::Error),
    #[error("cannot read the JWKS file {path}: {reason}")]
    Jwks { path: PathBuf, reason: String },
}

/// How callers are authenticated.
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    /// Refuse requests without a credential (else they are the local user).
    pub required: bool,
    /// The HS256 shared secret, if JWTs signed with one are accepted.
    pub hs256_secret: Option<Vec<u8>>,
    /// A JWKS file of public keys for RS256 and ES256 JWTs.
    pub jwks: Option<PathBuf>,
    /// The `iss` a JWT must carry, if set.
    pub issuer: Option<String>,
    /// The `aud` a JWT must carry.
    pub audience: String,
}

impl AuthConfig {
    pub const DEFAULT_AUDIENCE: &'static str = "rubric-receiver";

    /// Whether any JWT is accepted at all.
    pub fn has_jwt(&self) -> bool {
        self.hs256_secret.is_some() || self.jwks.is_some()
    }
}

/// One verification key and the algorithm it is for.
struct JwtKey {
    algorithm: Algorithm,
    key: DecodingKey,
}

/// Verifies credentials against the configuration and the stored API keys.
pub struct Authenticator {
    config: AuthConfig,
    /// JWKS keys by `kid` (the empty string for a key without one).
    public: HashMap<String, JwtKey>,
    hs256: Option<DecodingKey>,
}

#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    role: String,
}

/// An API key as printed once at creation: `rk_<id>_<secret>`.
pub struct NewKey {
    pub info: KeyInfo,
    pub secret: String,
}

impl Authenticator {
    pub fn new(config: AuthConfig) -> Result<Authenticator, AuthError> {
        let public = match &config.jwks {
            Some(path) => read_jwks(path)?,
            None => HashMap::new(),
        };
        let hs256 = config.hs256_secret.as_deref().map(DecodingKey::from_secret);
        Ok(Authenticator {
            config,
            public,
            hs256,
        })
    }

    pub fn required(&self) -> bool {
        self.config.required
    }

    /// The caller of a request with this `Authorization` header value.
    pub fn caller(&self, header: Option<&str>, store: &Store) -> Result<Caller, AuthError> {
        let Some(header) = header else {
            return match self.config.required {
                true => Err(AuthError::Missing),
                false => Ok(Caller::Local),
            };
        };
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::Malformed)?;
        let (subject, role) = match token.strip_prefix("rk_") {
            Some(key) => self.api_key(key, store)?,
            None => self.jwt(token)?,
        };
        let role = Role::parse(&role).ok_or(AuthError::Role(role))?;
        Ok(Caller::User { subject, role })
    }

    fn api_key(&self, key: &str, store: &Store) -> Result<(String, String), AuthError> {
        let (id, secret) = key.split_once('_').ok_or(AuthError::Key)?;
        let (role, hash) = store.live_key(id)?.ok_or(AuthError::Key)?;
        if digest(secret) != hash {
            return Err(AuthError::Key);
        }
        Ok((format!("key:{id}"), role))
    }

    fn jwt(&self, token: &str) -> Result<(String, String), AuthError> {
        let refused = |e: jsonwebtoken::errors::Error| AuthError::Token(e.to_string());
        let header = decode_header(token).map_err(refused)?;
        let key = match header.alg {
            Algorithm::HS256 => self.hs256.as_ref(),
            alg => self
                .public
                .get(header.kid.as_deref().unwrap_or_default())
                .filter(|k| k.algorithm == alg)
                .map(|k| &k.key),
        }
        .ok_or_else(|| {
            AuthError::Token(format!(
                "no key for algorithm {:?}{}",
                header.alg,
                header
                    .kid
                    .map(|k| format!(" and kid {k:?}"))
                    .unwrap_or_default()
            ))
        })?;
        let mut validation = Validation::new(header.alg);
        validation.set_audience(&[&self.config.audience]);
        validation.set_required_spec_claims(&["exp", "sub", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = 30;
        if let Some(issuer) = &self.config.issuer {
            validation.set_issuer(&[issuer]);
        }
        let claims = decode::<Claims>(token, key, &validation).map_err(refused)?;
        Ok((claims.claims.sub, claims.claims.role))
    }
}

/// Read a JWKS file's RSA and P-256 keys, by `kid`.
fn read_jwks(path: &Path) -> Result<HashMap<String, JwtKey>, AuthError> {
    let bad = |reason: String| AuthError::Jwks {
        path: path.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let set: JwkSet = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let mut keys = HashMap::new();
    for (n, jwk) in set.keys.iter().enumerate() {
        let algorithm = match &jwk.algorithm {
            AlgorithmParameters::RSA(_) => Algorithm::RS256,
            AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
                Algorithm::ES256
            }
            _ => {
                return Err(bad(format!(
                    "keys[{n}]: only RSA and P-256 keys are supported"
                )));
            }
        };
        let key = DecodingKey::from_jwk(jwk).map_err(|e| bad(format!("keys[{n}]: {e}")))?;
        let kid = jwk.common.key_id.clone().unwrap_or_default();
        keys.insert(kid, JwtKey { algorithm, key });
    }
    if keys.is_empty() {
        return Err(bad("it holds no keys".to_owned()));
    }
    Ok(keys)
}

/// Make an API key: its id, its secret (returned once), and the stored hash.
pub fn create_key(store: &Store, name: &str, role: Role) -> Result<NewKey, AuthError> {
    let mut bytes = [0u8; 28];
    // The operating system's generator; failing that there is no safe key to make.
    getrandom::fill(&mut bytes).map_err(AuthError::Random)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let (id, secret) = hex.split_at(8);
    let info = KeyInfo {
        id: id.to_owned(),
        name: name.to_owned(),
        role: role.as_str().to_owned(),
        created_at: jiff::Timestamp::now().to_string(),
        revoked_at: None,
    };
    store.add_key(&info, &digest(secret))?;
    Ok(NewKey {
        secret: format!("rk_{id}_{secret}"),
        info,
    })
}

/// Whether a request's `Host` may be answered: an IP address (DNS rebinding needs a
/// name), `localhost`, or one of the configured public names. The port is not
/// compared: the listener already decided it.
pub fn host_allowed(host: &str, public: &[String]) -> bool {
    let name = match host.strip_prefix('[') {
        // [v6]:port
        Some(rest) => {
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || public.iter().any(|p| p.eq_ignore_ascii_case(&name))
}
