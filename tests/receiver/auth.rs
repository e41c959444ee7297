//! The receiver knows who is calling: bearer JWTs and API keys, roles, the `Host`.

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use rubric_widget::receiver::{ReceiverError, Role, create_key};

use super::*;

const SECRET: &[u8] = b"a shared secret of the CRM and the receiver";

fn auth_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/auth")
        .join(name)
}

/// A receiver that accepts HS256 tokens with SECRET and the JWKS fixture's keys.
fn secured(name: &str) -> ReceiverConfig {
    let mut config = config(name);
    config.auth.hs256_secret = Some(SECRET.to_vec());
    config.auth.jwks = Some(auth_fixture("jwks.json"));
    config.auth.issuer = Some("https://crm.example".to_owned());
    config
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Valid claims for `sub` in `role`, to be spoiled by a test.
fn claims(sub: &str, role: &str) -> Value {
    json!({"sub": sub, "role": role, "aud": "rubric-receiver", "iss": "https://crm.example",
           "exp": now() + 600, "nbf": now() - 10})
}

fn signed(claims: &Value, algorithm: Algorithm, kid: &str) -> String {
    let pem = std::fs::read(auth_fixture(match algorithm {
        Algorithm::RS256 => "rs256.pem",
        _ => "es256.pem",
    }))
    .unwrap();
    let key = match algorithm {
        Algorithm::RS256 => EncodingKey::from_rsa_pem(&pem).unwrap(),
        _ => EncodingKey::from_ec_pem(&pem).unwrap(),
    };
    let mut header = Header::new(algorithm);
    header.kid = Some(kid.to_owned());
    encode(&header, claims, &key).unwrap()
}

async fn status(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn tokens_are_verified_and_their_subject_recorded() {
    let config = secured("jwt");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let good = hs256(&claims("qc-07", "inspector"), SECRET);
    let body = review_by(0, 1, "qc-07", "1024");
    let (s, e) = status(post_as(&base, &body, None).await).await;
    assert_eq!(
        (s, e.as_str()),
        (
            StatusCode::UNAUTHORIZED,
            "authentication is required: send Authorization: Bearer <token or API key>"
        )
    );
    let spoiled = |field: &str, value: Value| {
        let mut c = claims("qc-07", "inspector");
        c[field] = value;
        hs256(&c, SECRET)
    };
    for (what, token) in [
        (
            "wrong key",
            hs256(&claims("qc-07", "inspector"), b"another secret"),
        ),
        ("expired", spoiled("exp", json!(now() - 3600))),
        ("not yet valid", spoiled("nbf", json!(now() + 3600))),
        ("wrong audience", spoiled("aud", json!("another-service"))),
        (
            "wrong issuer",
            spoiled("iss", json!("https://evil.example")),
        ),
        ("unknown role", spoiled("role", json!("root"))),
        ("not a token", "abc".to_owned()),
    ] {
        let (s, e) = status(post_as(&base, &body, Some(&token)).await).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{what}: {e}");
    }
    assert_eq!(rows(&db), 0);
    let stored = post_as(&base, &body, Some(&good)).await;
    assert_eq!(stored.status(), StatusCode::CREATED);
    assert_eq!(
        column::<String>(&db, &id(1).to_string(), "received_by"),
        "qc-07"
    );
    // RS256 and ES256, with the public keys from the JWKS file.
    for (n, algorithm, kid) in [
        (2, Algorithm::RS256, "rsa-1"),
        (3, Algorithm::ES256, "ec-1"),
    ] {
        let token = signed(&claims("qc-07", "inspector"), algorithm, kid);
        let response = post_as(&base, &review_by(0, n, "qc-07", "1024"), Some(&token)).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{algorithm:?}");
        let wrong_kid = signed(&claims("qc-07", "inspector"), algorithm, "nope");
        let (s, _) = status(
            post_as(
                &base,
                &review_by(0, 90 + n, "qc-07", "1024"),
                Some(&wrong_kid),
            )
            .await,
        )
        .await;
        assert_eq!(
            s,
            StatusCode::UNAUTHORIZED,
            "{algorithm:?} with an unknown kid"
        );
    }
    running.stop().await.unwrap();
}

#[tokio::test]
async fn roles_decide_who_submits_and_who_reads_what() {
    let config = secured("roles");
    let db = config.db.clone();
    let (running, base) = start(config).await;
    let token = |sub: &str, role: &str| hs256(&claims(sub, role), SECRET);
    let (qc07, qc08) = (token("qc-07", "inspector"), token("qc-08", "inspector"));
    let (lead, agent) = (token("lead", "supervisor"), token("1024", "agent"));
    // An inspector submits as themselves only.
    let (s, e) = status(post_as(&base, &review_by(0, 1, "qc-08", "1024"), Some(&qc07)).await).await;
    assert_eq!(
        (s, e.as_str()),
        (
            StatusCode::FORBIDDEN,
            "reviewer.id: \"qc-08\" is not you (qc-07); an inspector submits only their own reviews"
        )
    );
    for (n, reviewer, agent_id, credential) in [
        (1, "qc-07", "1024", &qc07),
        (2, "qc-08", "77", &qc08),
        (3, "qc-08", "1024", &lead),
    ] {
        let response = post_as(
            &base,
            &review_by(0, n, reviewer, agent_id),
            Some(credential),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED, "review {n}");
    }
    // A supervisor's review for another is recorded as the supervisor's.
    assert_eq!(
        column::<String>(&db, &id(3).to_string(), "received_by"),
        "lead"
    );
    let (s, _) = status(post_as(&base, &review_by(0, 4, "1024", "1024"), Some(&agent)).await).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an agent submits nothing");
    let trainee = token("t-1", "trainee");
    let (s, _) =
        status(post_as(&base, &review_by(0, 5, "t-1", "1024"), Some(&trainee)).await).await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "a trainee submits only quiz attempts"
    );

    let list = |credential: String, query: &'static str| {
        let base = base.clone();
        async move { get_as(format!("{base}/api/reviews?{query}"), Some(&credential)).await }
    };
    let ids = |ns: &[u128]| ns.iter().map(|n| id(*n).to_string()).collect::<Vec<_>>();
    let page: Value = list(agent.clone(), "").await.json().await.unwrap();
    assert_eq!(
        listed_ids(&page),
        ids(&[3, 1]),
        "the agent's own calls only"
    );
    let (s, _) = status(list(agent.clone(), "agent_id=77").await).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "another agent's reviews");
    let page: Value = list(qc08.clone(), "").await.json().await.unwrap();
    assert_eq!(
        listed_ids(&page),
        ids(&[3, 2]),
        "the inspector's own reviews"
    );
    let page: Value = list(lead.clone(), "").await.json().await.unwrap();
    assert_eq!(listed_ids(&page), ids(&[3, 2, 1]));
    let one = |n: u128| format!("{base}/api/reviews/{}", id(n));
    assert_eq!(
        get_as(one(2), Some(&agent)).await.status(),
        StatusCode::NOT_FOUND,
        "not yours reads as absent"
    );
    assert_eq!(get_as(one(1), Some(&agent)).await.status(), StatusCode::OK);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn api_keys_work_until_revoked() {
    let (running, base) = start(secured("api-keys")).await;
    let store = &running.state.store;
    let export = create_key(store, "nightly-export", Role::Supervisor).unwrap();
    let admin = create_key(store, "ops", Role::Admin).unwrap();
    assert!(
        export
            .secret
            .starts_with(&format!("rk_{}_", export.info.id))
    );
    let url = format!("{base}/api/reviews");
    assert_eq!(
        get_as(url.clone(), Some(&export.secret)).await.status(),
        StatusCode::OK
    );
    let last = if export.secret.ends_with('0') {
        "1"
    } else {
        "0"
    };
    let forged = format!("{}{last}", &export.secret[..export.secret.len() - 1]);
    assert_eq!(
        get_as(url.clone(), Some(&forged)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The admin manages keys and reads no reviews.
    let keys: Value = get_as(format!("{base}/api/keys"), Some(&admin.secret))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"nightly-export") && !keys.to_string().contains(&export.secret));
    assert_eq!(
        get_as(url.clone(), Some(&admin.secret)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_as(format!("{base}/api/keys"), Some(&export.secret))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // Revoked mid-run: refused from the next request on.
    let revoke = reqwest::Client::new().delete(format!("{base}/api/keys/{}", export.info.id));
    assert_eq!(
        send_as(revoke, Some(&admin.secret)).await.status(),
        StatusCode::NO_CONTENT
    );
    let (s, e) = status(get_as(url, Some(&export.secret)).await).await;
    assert_eq!(
        (s, e.as_str()),
        (
            StatusCode::UNAUTHORIZED,
            "the API key is unknown or revoked"
        )
    );
    running.stop().await.unwrap();
}

#[tokio::test]
async fn without_authentication_a_sent_token_is_still_checked() {
    // Loopback, nothing configured: the local user may do everything, but a
    // credential that is sent is never ignored.
    let (running, base) = start(config("loopback")).await;
    assert_eq!(
        post(&base, &review(0, id(1))).await.status(),
        StatusCode::CREATED
    );
    let (s, _) = status(get_as(format!("{base}/api/reviews"), Some("rk_nothing_here")).await).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn a_non_loopback_address_needs_authentication_to_start() {
    let mut config = config("open");
    config.addr = "0.0.0.0:0".parse().unwrap();
    match receiver::start(config).await {
        Err(e @ ReceiverError::Unauthenticated { .. }) => {
            assert!(e.to_string().contains("--insecure-no-auth"), "{e}")
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("started on 0.0.0.0 with no authentication"),
    }
}

#[tokio::test]
async fn only_known_host_names_are_answered() {
    let mut config = config("hosts");
    config.public_hosts = vec!["qc.example.com".to_owned()];
    let (running, base) = start(config).await;
    let port = running.addr.port();
    let with_host = |host: String| {
        let base = base.clone();
        async move {
            reqwest::Client::new()
                .get(format!("{base}/api/health"))
                .header("Host", host)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    // DNS rebinding: a page on attacker.example resolves its own name to 127.0.0.1.
    assert_eq!(
        with_host(format!("attacker.example:{port}")).await,
        StatusCode::MISDIRECTED_REQUEST
    );
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "qc.example.com".to_owned(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(with_host(host.clone()).await, StatusCode::OK, "{host}");
    }
    running.stop().await.unwrap();
}
