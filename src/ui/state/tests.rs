//! The reducer's transitions, natively: every action on a real rubric, with the time
//! passed in.

use super::*;
use crate::config::WidgetConfig;
use crate::core::RubricRef;
use crate::ui::i18n::Lang;
use serde_json::json;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const CC: &str = include_str!("../../../tests/fixtures/rubrics/cc-qc-standard.json");
const QUIZ: &str = include_str!("../../../tests/fixtures/rubrics/trainee-quiz-phrases.json");
const STARTED: &str = "2026-11-23T08:00:00.000Z";

fn session(text: &str, config: Value) -> Rc<Session> {
    let scorer = Scorer::from_json(text).unwrap();
    let rubric = RubricRef::new(scorer.rubric(), text);
    Rc::new(Session {
        scorer: Rc::new(scorer),
        rubric,
        config: Rc::new(WidgetConfig::from_value(config).unwrap()),
        lang: Lang::En,
        reference: None,
    })
}

fn fresh(text: &str, config: Value) -> ReviewState {
    ReviewState::new(session(text, config), Uuid::from_u128(7), STARTED.into())
}

fn set(item: &str, value: Value) -> Action {
    Action::Edit {
        item: item.into(),
        edit: ItemEdit::Value { value: Some(value) },
    }
}

const TYPICAL: &str =
    include_str!("../../../tests/fixtures/rubrics/examples/cc-qc-standard.typical.answers.json");

/// The typical call's answers (68.0 in the shared examples), entered one by one.
fn complete(state: &ReviewState) -> ReviewState {
    let answers: IndexMap<String, Value> = serde_json::from_str(TYPICAL).unwrap();
    answers
        .into_iter()
        .fold(state.clone(), |s, (item, answer)| {
            let edit = match answer.get("value") {
                Some(value) => ItemEdit::Value {
                    value: Some(value.clone()),
                },
                None => ItemEdit::Na { na: true },
            };
            s.apply(Action::Edit { item, edit })
        })
}

#[test]
fn an_answer_is_scored_by_the_core_and_saved_a_comment_only_saved() {
    let state = fresh(CC, json!({}));
    let before = state.score.total;
    let next = state.apply(set("opening", json!("missing")));
    assert_eq!(next.revision, 1);
    assert!(next.score.total < before, "a lost point shows in the total");
    let commented = next.apply(Action::Edit {
        item: "opening".into(),
        edit: ItemEdit::Comment {
            text: "01:05".into(),
        },
    });
    assert_eq!(commented.revision, 2);
    assert!(
        Rc::ptr_eq(&commented.score, &next.score),
        "not scored again"
    );
    let cleared = commented
        .apply(Action::Edit {
            item: "opening".into(),
            edit: ItemEdit::Value { value: None },
        })
        .apply(Action::Edit {
            item: "opening".into(),
            edit: ItemEdit::Comment {
                text: String::new(),
            },
        });
    assert_eq!(
        cleared.answer("opening"),
        None,
        "an empty entry is no answer"
    );
}

#[test]
fn typed_text_is_kept_whatever_it_means_and_na_gives_way_to_a_value() {
    let state = fresh(CC, json!({}));
    let typed = state.apply(Action::Edit {
        item: "silence".into(),
        edit: ItemEdit::Typed {
            text: "12,".into(),
            value: None,
        },
    });
    assert_eq!(
        typed.pending.get("silence").map(String::as_str),
        Some("12,")
    );
    assert_eq!(typed.answer("silence").and_then(|a| a.value.clone()), None);
    let na = typed.apply(Action::Edit {
        item: "hold".into(),
        edit: ItemEdit::Na { na: true },
    });
    assert!(na.answer("hold").is_some_and(|a| a.na));
    let answered = na.apply(set("hold", json!("pass")));
    assert!(answered.answer("hold").is_some_and(|a| !a.na));
    let tagged = answered.apply(Action::Edit {
        item: "tone".into(),
        edit: ItemEdit::Tag {
            tag: "cold".into(),
            on: true,
        },
    });
    assert_eq!(
        tagged.answer("tone").map(|a| a.tags.clone()),
        Some(vec!["cold".to_owned()])
    );
}

#[test]
fn an_incomplete_review_is_not_submitted() {
    let state = fresh(CC, json!({}));
    let after = state.apply(Action::Submit {
        at: STARTED.into(),
        how: How::Complete,
    });
    assert_eq!(after, state);
}

#[test]
fn without_an_endpoint_the_submitted_review_is_shown_until_closed() {
    let state = complete(&fresh(CC, json!({"context": {"call_id": "C-1"}})));
    assert!(state.score.missing.is_empty());
    let at = "2026-11-23T08:06:41.000Z";
    let shown = state.apply(Action::Submit {
        at: at.into(),
        how: How::Complete,
    });
    let review = shown.shown.clone().unwrap();
    assert_eq!(
        (review.submitted_at.as_str(), review.score.total),
        (at, Some(68.0))
    );
    assert_eq!(review.context.get("call_id"), Some(&json!("C-1")));
    assert_eq!(
        (shown.outgoing.is_none(), shown.finished.is_none()),
        (true, true)
    );
    assert_eq!(shown.apply(Action::CloseShown).shown, None);
}

#[test]
fn with_an_endpoint_the_review_goes_to_the_outbox_or_is_shown_if_refused() {
    let config = json!({"endpoint": "/api/reviews/{review_id}", "method": "PUT", "context": {"call_id": "C-1"}});
    let state = complete(&fresh(CC, config));
    let at = "2026-11-23T08:06:41.000Z";
    let sent = state.apply(Action::Submit {
        at: at.into(),
        how: How::Complete,
    });
    let outgoing = sent.outgoing.clone().unwrap();
    let entry = &outgoing.entry;
    assert_eq!(
        entry.endpoint,
        format!("/api/reviews/{}", Uuid::from_u128(7))
    );
    assert_eq!(entry.created_at_ms, 1_795_421_201_000.0);
    assert_eq!(entry.label, "Call-center call QC scorecard · C-1");
    assert_eq!(
        entry.body,
        serde_json::to_string(&*outgoing.review).unwrap()
    );
    assert_eq!(sent.shown, None);
    let queued = sent.apply(Action::Delivered { queued: true });
    assert_eq!(
        (queued.outgoing.is_none(), queued.shown.is_none()),
        (true, true)
    );
    let refused = sent.apply(Action::Delivered { queued: false });
    assert_eq!(refused.shown.as_deref(), Some(&*outgoing.review));
}

#[test]
fn a_quiz_ends_when_submitted_and_its_time_is_read_from_the_clock_given() {
    let config = json!({"mode": "quiz", "quiz": {"time_limit_s": 60}});
    let state = fresh(QUIZ, config).apply(set("q1", json!("a")));
    let ended = state.apply(Action::Submit {
        at: "2026-11-23T08:01:30.000Z".into(),
        how: How::Anyway { timed_out: true },
    });
    let finished = ended.finished.clone().unwrap();
    assert!(finished.timed_out);
    assert_eq!(ended.revision, state.revision + 1, "saved with the draft");
    let quiz = ended.shown.as_ref().and_then(|r| r.quiz.clone()).unwrap();
    assert_eq!((quiz.time_taken_s, quiz.timed_out), (60, true));
    let retake = ended.apply(Action::StartOver {
        review_id: Uuid::from_u128(8),
        started_at: STARTED.into(),
    });
    assert_eq!(
        (retake.finished.is_none(), retake.revision),
        (true, ended.revision)
    );
}

#[test]
fn a_draft_reopens_the_review_and_another_versions_is_only_offered() {
    let session = session(CC, json!({"context": {"call_id": "C-1"}}));
    let worked = ReviewState::new(session.clone(), Uuid::from_u128(9), STARTED.into())
        .apply(set("opening", json!("partial")));
    let saved = worked.draft("2026-11-23T08:03:00.000Z".into());
    let fresh = (Uuid::from_u128(10), STARTED.to_owned());
    let reopened = ReviewState::opening(session.clone(), Some(saved.clone()), None, fresh.clone());
    assert_eq!(
        (reopened.review_id, reopened.answers.clone()),
        (worked.review_id, worked.answers.clone())
    );
    assert!(matches!(reopened.note, Some(DraftNote::Restored { .. })));
    let offered = ReviewState::opening(session, None, Some(saved.clone()), fresh);
    assert_eq!(
        (offered.review_id, offered.answers.len()),
        (Uuid::from_u128(10), 0)
    );
    assert!(matches!(offered.note, Some(DraftNote::OtherVersion { .. })));
    let applied = offered.apply(Action::Restore {
        draft: Box::new(saved),
    });
    assert_eq!(
        (
            applied.answers.len(),
            applied.note.is_none(),
            applied.revision
        ),
        (1, true, 1)
    );
    assert_eq!(offered.apply(Action::DismissNote).note, None);
}

#[test]
fn a_saved_draft_is_noted_and_a_refusal_outlives_a_new_review() {
    let state = fresh(CC, json!({})).apply(set("opening", json!("ok")));
    let at = "2026-11-23T08:01:00.000Z".to_owned();
    let saved = state.apply(Action::DraftSaved {
        at: Some(at.clone()),
    });
    assert_eq!(
        (saved.saved_at.as_deref(), saved.revision),
        (Some(at.as_str()), state.revision)
    );
    let refused = saved.apply(Action::DraftSaved { at: None });
    let again = refused.apply(Action::StartOver {
        review_id: Uuid::from_u128(8),
        started_at: STARTED.into(),
    });
    assert_eq!((again.saved_at, again.drafts_refused), (None, true));
}
