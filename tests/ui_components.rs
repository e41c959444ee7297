//! Component tests of the inspector in headless Chromium: mount it into a fresh
//! element, click and type through the real DOM, flush Yew's scheduler (never sleep),
//! and read what it shows. wasm32 only.

#![cfg(target_arch = "wasm32")]

mod common;

use std::rc::Rc;

use rubric_widget::config::WidgetConfig;
use rubric_widget::core::{Answer, Answers, Review, RubricRef, Scorer};
use rubric_widget::ui::components::inspector::{Inspector, InspectorProps};
use rubric_widget::ui::draft::{self, Draft};
use rubric_widget::ui::host::{Command, Host};
use rubric_widget::ui::i18n::Lang;
use rubric_widget::ui::session::Session;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A session on a sample rubric, for one call (each test its own, so drafts never mix).
fn session(rubric: &str, call: &str, lang: Lang) -> Rc<Session> {
    session_with(rubric, call, lang, json!({}), None)
}

/// The same, with more configuration (a mode, a time limit) and a reference review.
fn session_with(
    rubric: &str,
    call: &str,
    lang: Lang,
    mut config: Value,
    reference: Option<Review>,
) -> Rc<Session> {
    let text = common::RUBRICS
        .iter()
        .find(|(n, _)| *n == rubric)
        .map(|(_, t)| *t)
        .unwrap();
    let scorer = Scorer::from_json(text).unwrap();
    let rubric = RubricRef::new(scorer.rubric(), text);
    // No endpoint: submitting shows the review document (sending is tested end to end).
    config["context"] = json!({"call_id": call});
    let config = WidgetConfig::from_value(config).unwrap();
    Rc::new(Session {
        scorer: Rc::new(scorer),
        rubric,
        config: Rc::new(config),
        lang,
        reference: reference.map(Rc::new),
    })
}

/// A draft of `session` with these answers, started at `started_at`.
fn draft_of(session: &Session, answers: Answers, started_at: &str) -> Draft {
    Draft {
        rubric: session.rubric.clone(),
        context_key: session.context_key(),
        review_id: uuid::Uuid::from_u128(0x5eed),
        started_at: started_at.into(),
        saved_at: started_at.into(),
        answers,
        pending: Default::default(),
        comment: String::new(),
        finished: None,
    }
}

/// The inspector, mounted in a fresh element of its own.
struct Mounted {
    root: Element,
}

impl Mounted {
    async fn new(session: Rc<Session>) -> Mounted {
        Mounted::with_host(session, Host::page("test".into())).await
    }

    async fn with_host(session: Rc<Session>, host: Rc<Host>) -> Mounted {
        let document = web_sys::window().unwrap().document().unwrap();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<Inspector>::with_root_and_props(
            root.clone(),
            InspectorProps { session, host },
        )
        .render();
        yew::scheduler::flush().await;
        Mounted { root }
    }

    fn find(&self, testid: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[data-testid=\"{testid}\"]"))
            .unwrap()
    }

    fn get(&self, testid: &str) -> HtmlElement {
        self.find(testid)
            .unwrap_or_else(|| panic!("no element {testid}"))
            .dyn_into()
            .unwrap()
    }

    fn text(&self, testid: &str) -> String {
        self.get(testid).text_content().unwrap_or_default()
    }

    async fn click(&self, testid: &str) {
        self.get(testid).click();
        yew::scheduler::flush().await;
    }

    /// Type into an input or textarea (the value, then an `input` event).
    async fn type_into(&self, testid: &str, text: &str) {
        let element = self.get(testid);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            input.set_value(text);
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(text);
        }
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
        element.dispatch_event(&event).unwrap();
        yew::scheduler::flush().await;
    }

    fn total(&self) -> String {
        self.text("total")
    }

    /// The test id of the element with the keyboard focus.
    fn focused(&self) -> Option<String> {
        web_sys::window()?
            .document()?
            .active_element()?
            .get_attribute("data-testid")
    }

    /// How many elements match a CSS selector.
    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn attr(&self, testid: &str, name: &str) -> Option<String> {
        self.get(testid).get_attribute(name)
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

#[wasm_bindgen_test]
async fn every_item_kind_renders_and_moves_the_score() {
    let form = Mounted::new(session("cc-qc-standard", "kinds", Lang::ZhCn)).await;
    assert_eq!(
        form.total(),
        "100.0",
        "an untouched deduction form scores max"
    );
    form.click("opt-opening-partial").await; // choice: −2
    assert_eq!(form.total(), "98.0");
    form.click("opt-hold-fail").await; // check: −4
    assert_eq!(form.total(), "94.0");
    form.click("inc-interrupt").await; // count: +1 → −2
    form.click("inc-interrupt").await;
    assert_eq!(form.text("earned-interrupt"), "6 / 10 分");
    assert_eq!(form.total(), "90.0");
    form.type_into("count-interrupt", "1").await;
    assert_eq!(form.total(), "92.0");
    form.click("opt-process-verify").await; // multi: 4 of 10 → −6
    assert_eq!(form.total(), "86.0");
    form.type_into("number-silence", "45").await; // number: ≤ 60 s → 1 of 5, −4
    assert_eq!(form.total(), "82.0");
    form.type_into("text-notes", "语速偏快").await; // text: not scored
    assert_eq!(form.total(), "82.0");
    assert_eq!(
        form.get("text-notes")
            .closest("[data-item]")
            .unwrap()
            .unwrap()
            .get_attribute("data-status")
            .as_deref(),
        Some("unscored")
    );
    form.click("opt-opening-partial").await; // clicking the chosen option clears it
    assert_eq!(form.total(), "84.0");
}

#[wasm_bindgen_test]
async fn show_if_items_appear_and_disappear() {
    let form = Mounted::new(session("cc-qc-standard", "show-if", Lang::ZhCn)).await;
    assert!(form.find("item-upsell").is_none());
    form.click("opt-call_type-inquiry").await;
    assert!(form.find("item-upsell").is_some());
    form.click("opt-upsell-none").await;
    assert_eq!(form.total(), "95.0");
    form.click("opt-call_type-complaint").await;
    assert!(form.find("item-upsell").is_none());
    assert_eq!(
        form.total(),
        "100.0",
        "a hidden item is dropped from the score"
    );
    assert!(!form.text("submit").is_empty());
}

#[wasm_bindgen_test]
async fn na_takes_an_item_out_of_the_score() {
    let form = Mounted::new(session("support-qa-weighted", "na", Lang::En)).await;
    form.click("opt-first_contact-fail").await;
    form.click("opt-resolved-yes").await;
    form.click("opt-correct_info-yes").await;
    // Solution: 7 of 9 points, weighted 40 of the applicable 40.
    assert_eq!(form.total(), "77.78");
    form.click("na-first_contact").await;
    assert_eq!(form.total(), "100.00");
    assert_eq!(
        form.get("na-first_contact")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn a_checklist_answered_with_none_ticked_is_one_click() {
    let form = Mounted::new(session("cc-qc-standard", "none", Lang::En)).await;
    let missing = || form.text("progress");
    assert_eq!(
        form.attr("none-process", "aria-pressed").as_deref(),
        Some("false")
    );
    assert_eq!(missing(), "0 of 18 required answered");
    // None of the process steps were followed: answered, 0 of 10, all 10 deducted.
    form.click("none-process").await;
    assert_eq!(
        form.attr("none-process", "aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(form.text("earned-process"), "0 / 10 pts");
    assert_eq!(form.total(), "90.0");
    assert_eq!(missing(), "1 of 18 required answered");
    // Ticking a step leaves "none"; choosing "none" again unticks every step.
    form.click("opt-process-verify").await;
    assert_eq!(
        form.attr("none-process", "aria-pressed").as_deref(),
        Some("false")
    );
    assert_eq!(form.total(), "94.0");
    form.click("none-process").await;
    assert!(
        !form
            .get("opt-process-verify")
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .checked()
    );
    assert_eq!(form.total(), "90.0");
    // A second click takes the answer back.
    form.click("none-process").await;
    assert_eq!(form.total(), "100.0");
    assert_eq!(missing(), "0 of 18 required answered");
}

#[wasm_bindgen_test]
async fn a_critical_item_raises_the_banner() {
    let form = Mounted::new(session("cc-qc-standard", "critical", Lang::En)).await;
    assert!(form.find("critical-abuse").is_none());
    form.click("opt-abuse-fail").await;
    assert_eq!(form.total(), "0.0");
    assert_eq!(
        form.text("critical-abuse"),
        "Fatal: “No insults, sarcasm or arguing with the caller” fails the whole review (total 0)"
    );
    assert_eq!(form.text("verdict"), "Failed");
    form.click("opt-abuse-pass").await;
    assert!(form.find("critical-abuse").is_none());
}

#[wasm_bindgen_test]
async fn the_submit_button_says_what_is_missing() {
    let form = Mounted::new(session("trainee-quiz-phrases", "quiz", Lang::En)).await;
    assert_eq!(form.text("submit"), "7 required items are not scored yet");
    for (q, a) in [
        ("q1", "b"),
        ("q2", "b"),
        ("q4", "true"),
        ("q5", "b"),
        ("q6", "a"),
        ("q7", "true"),
    ] {
        form.click(&format!("opt-{q}-{a}")).await;
    }
    assert_eq!(form.text("submit"), "1 required item is not scored yet");
    form.click("opt-q3-a").await;
    assert_eq!(form.text("submit"), "Submit review");
    form.click("submit").await;
    let json: Value = serde_json::from_str(&form.text("review-json")).unwrap();
    assert_eq!(json["format"], "review/v1");
    assert_eq!(
        json["score"]["total"],
        json!(95.0),
        "q3 earns 5 of its 10 points"
    );
    assert_eq!(json["context"], json!({"call_id": "quiz"}));
}

/// Fill localStorage to the brim; the keys written, to remove afterwards.
fn fill_local_storage(storage: &web_sys::Storage) -> Vec<String> {
    let mut keys = Vec::new();
    // Halving chunks, from 1 MiB down to a few characters: at most 20 × 64 writes.
    let mut chunk = 1 << 20;
    while chunk >= 4 {
        let filler = "x".repeat(chunk);
        for _ in 0..64 {
            let key = format!("test-filler:{}", keys.len());
            if storage.set_item(&key, &filler).is_err() {
                break;
            }
            keys.push(key);
        }
        chunk /= 2;
    }
    keys
}

#[wasm_bindgen_test]
async fn a_full_storage_makes_room_by_dropping_abandoned_drafts_only() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let (old, recent, new) = (
        session("cc-qc-standard", "quota-old", Lang::En),
        session("cc-qc-standard", "quota-recent", Lang::En),
        session("cc-qc-standard", "quota-new", Lang::En),
    );
    // A draft abandoned long ago (with a long comment, so removing it makes room) and
    // one from today.
    let mut abandoned = draft_of(&old, Answers::default(), "2020-01-02T08:00:00.000Z");
    abandoned.comment = "早".repeat(2000);
    draft::save(&abandoned).unwrap();
    let today = rubric_widget::ui::dom::now_iso();
    draft::save(&draft_of(&recent, Answers::default(), &today)).unwrap();
    let filler = fill_local_storage(&storage);
    assert!(!filler.is_empty());

    let saved = draft::save(&draft_of(&new, Answers::default(), &today));
    let kept_old = draft::load(&old.rubric, &old.context_key()).is_some();
    let kept_recent = draft::load(&recent.rubric, &recent.context_key()).is_some();
    let kept_new = draft::load(&new.rubric, &new.context_key()).is_some();
    for key in &filler {
        storage.remove_item(key).unwrap();
    }
    for s in [&old, &recent, &new] {
        draft::remove(&s.rubric, &s.context_key());
    }
    assert_eq!(saved, Ok(()), "room was made");
    assert!(kept_new && kept_recent, "today's drafts are kept");
    assert!(!kept_old, "the abandoned draft made the room");
}

#[wasm_bindgen_test]
async fn a_saved_draft_is_restored_with_a_note() {
    let session = session("cc-qc-standard", "restore", Lang::ZhCn);
    let mut answers = Answers::default();
    answers.insert("hold", Answer::value("fail"));
    answers.insert("interrupt", Answer::value(3));
    let saved = Draft {
        rubric: session.rubric.clone(),
        context_key: session.context_key(),
        review_id: uuid::Uuid::from_u128(7),
        started_at: "2026-11-23T08:00:00.000Z".into(),
        saved_at: "2026-11-23T10:42:00.000Z".into(),
        answers,
        pending: Default::default(),
        comment: "草稿".into(),
        finished: None,
    };
    draft::save(&saved).unwrap();
    let form = Mounted::new(session.clone()).await;
    assert!(
        form.text("draft-restored").starts_with("已恢复"),
        "{}",
        form.text("draft-restored")
    );
    assert_eq!(form.total(), "90.0");
    assert_eq!(
        form.get("opt-hold-fail")
            .get_attribute("aria-checked")
            .as_deref(),
        Some("true")
    );
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}

#[wasm_bindgen_test]
async fn every_change_is_saved_as_the_draft() {
    let session = session("cc-qc-standard", "autosave", Lang::ZhCn);
    draft::remove(&session.rubric, &session.context_key());
    let form = Mounted::new(session.clone()).await;
    form.click("opt-mandarin-fair").await;
    let saved = draft::load(&session.rubric, &session.context_key()).expect("a draft");
    assert_eq!(
        saved.answers.get("mandarin").and_then(|a| a.value.clone()),
        Some(json!("fair"))
    );
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}

#[wasm_bindgen_test]
async fn start_over_asks_first_and_keeps_the_keyboard_on_it() {
    let session = session("cc-qc-standard", "start-over", Lang::En);
    draft::remove(&session.rubric, &session.context_key());
    let form = Mounted::new(session.clone()).await;
    form.click("opt-mandarin-fair").await;
    let marked = form.total();
    form.click("start-over").await;
    assert_eq!(form.focused().as_deref(), Some("cancel-start-over"));
    form.click("cancel-start-over").await;
    assert_eq!(form.focused().as_deref(), Some("start-over"));
    assert_eq!(form.total(), marked, "cancelling keeps the answers");
    form.click("start-over").await;
    form.click("confirm-start-over").await;
    assert_eq!(form.focused().as_deref(), Some("start-over"));
    assert_eq!(form.total(), "100.0");
    assert!(draft::load(&session.rubric, &session.context_key()).is_none());
    drop(form);
}

#[wasm_bindgen_test]
async fn the_host_hears_ready_and_change_and_can_reset() {
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;

    let heard: Rc<RefCell<Vec<(String, Value)>>> = Rc::default();
    let emit = {
        let heard = heard.clone();
        Closure::<dyn FnMut(String, wasm_bindgen::JsValue)>::new(
            move |name: String, detail: wasm_bindgen::JsValue| {
                let text = js_sys::JSON::stringify(&detail)
                    .unwrap()
                    .as_string()
                    .unwrap();
                heard
                    .borrow_mut()
                    .push((name, serde_json::from_str(&text).unwrap()));
            },
        )
    };
    let host = Host::script("qa-1".into(), emit.as_ref().clone().into());
    let session = session("cc-qc-standard", "host-events", Lang::En);
    draft::remove(&session.rubric, &session.context_key());
    let form = Mounted::with_host(session.clone(), host.clone()).await;
    form.click("opt-hold-fail").await;
    let names: Vec<String> = heard.borrow().iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(names.first().map(String::as_str), Some("ready"));
    let (_, last) = heard.borrow().last().cloned().unwrap();
    assert_eq!(last["instance"], json!("qa-1"));
    assert_eq!(last["score"]["total"].as_f64(), Some(96.0));
    assert_eq!(
        host.review().unwrap()["answers"]["hold"],
        json!({"value": "fail"})
    );
    assert!(host.command(Command::Reset));
    yew::scheduler::flush().await;
    assert_eq!(form.total(), "100.0");
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}

/// The sample quiz, in English, for one attempt.
fn quiz(call: &str, config: Value) -> Rc<Session> {
    let mut config = config;
    config["mode"] = json!("quiz");
    session_with("trainee-quiz-phrases", call, Lang::En, config, None)
}

#[wasm_bindgen_test]
async fn a_quiz_hides_the_key_until_finished_then_marks_every_question() {
    let session = quiz("quiz-reveal", json!({"quiz": {"shuffle": true}}));
    draft::remove(&session.rubric, &session.context_key());
    let form = Mounted::new(session.clone()).await;
    // During the attempt: progress, never a score, a point or a right/wrong colour.
    assert!(form.find("score-panel").is_none() && form.find("total").is_none());
    assert_eq!(form.text("quiz-progress"), "0 of 7 answered");
    assert_eq!(
        form.text("opt-q1-b"),
        "\"Hello, how may I help you?\"",
        "no points beside the option"
    );
    assert_eq!(
        form.count(".seg.good, .seg.bad, .seg.partial, .check.good, .check.bad"),
        0
    );
    // The options come in the attempt's own order (seeded by its review id).
    let review_id: uuid::Uuid = form
        .get("submit")
        .closest(".submit-area")
        .unwrap()
        .unwrap()
        .get_attribute("data-review-id")
        .unwrap()
        .parse()
        .unwrap();
    let shown: Vec<String> = (0..3)
        .map(|i| {
            form.root
                .query_selector_all("[data-testid=item-q1] [role=radio]")
                .unwrap()
                .item(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-testid")
                .unwrap()
        })
        .collect();
    let expected: Vec<String> = rubric_widget::core::quiz::shuffled_order(&review_id, "q1", 3)
        .into_iter()
        .map(|i| format!("opt-q1-{}", ["a", "b", "c"][i]))
        .collect();
    assert_eq!(shown, expected);

    for (item, option) in [
        ("q1", "b"),
        ("q2", "a"),
        ("q4", "true"),
        ("q5", "b"),
        ("q6", "a"),
        ("q7", "true"),
    ] {
        form.click(&format!("opt-{item}-{option}")).await;
    }
    form.click("opt-q3-a").await;
    form.click("opt-q3-b").await;
    assert_eq!(form.text("quiz-progress"), "7 of 7 answered");
    assert_eq!(form.text("earned-q2"), "", "still nothing given away");
    form.click("submit").await;

    // Finished: the result, and per question the answer, the key and why.
    assert_eq!(form.text("quiz-total"), "90");
    assert_eq!(form.text("verdict"), "Passed");
    assert_eq!(form.text("right-count"), "6 of 7 right");
    assert_eq!(
        form.attr("result-q2", "data-right").as_deref(),
        Some("false")
    );
    assert_eq!(form.text("your-answer-q2"), "5");
    assert_eq!(form.text("correct-answer-q2"), "10");
    assert_eq!(
        form.attr("result-q3", "data-right").as_deref(),
        Some("true")
    );
    assert!(
        form.find("correct-answer-q1").is_none(),
        "a right answer needs no correction"
    );
    assert!(form.text("explain-q1").contains("Ask politely first"));
    assert!(form.find("quiz-panel").is_none());
    assert!(
        form.find("start-over").is_none() && form.find("saved").is_none(),
        "the results' Retake is the one way on; no draft note"
    );

    // Retake: a fresh attempt with a new review id.
    form.click("retake").await;
    assert_eq!(form.text("quiz-progress"), "0 of 7 answered");
    assert!(form.find("start-over").is_some());
    let again = form
        .get("submit")
        .closest(".submit-area")
        .unwrap()
        .unwrap()
        .get_attribute("data-review-id")
        .unwrap();
    assert_ne!(again, review_id.to_string());
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}

#[wasm_bindgen_test]
async fn an_unfinished_quiz_is_finished_only_when_the_trainee_says_so() {
    let session = quiz("quiz-confirm", json!({}));
    draft::remove(&session.rubric, &session.context_key());
    let form = Mounted::new(session.clone()).await;
    form.click("opt-q1-b").await;
    assert_eq!(form.text("submit"), "Finish");
    form.click("submit").await;
    assert!(
        form.text("confirm-finish")
            .contains("6 questions unanswered")
    );
    // The button that asked is gone: the keyboard lands on the safe answer.
    assert_eq!(form.focused().as_deref(), Some("keep-answering"));
    form.click("keep-answering").await;
    assert!(form.find("confirm-finish").is_none() && form.find("quiz-results").is_none());
    form.click("submit").await;
    form.click("finish-anyway").await;
    assert_eq!(form.text("your-answer-q2"), "Not answered");
    assert_eq!(form.text("correct-answer-q2"), "10");
    assert_eq!(form.text("right-count"), "1 of 7 right");
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}

#[wasm_bindgen_test]
async fn the_time_limit_counts_down_and_ends_the_attempt_at_zero() {
    let session = quiz("quiz-timer", json!({"quiz": {"time_limit_s": 600}}));
    draft::remove(&session.rubric, &session.context_key());
    let form = Mounted::new(session.clone()).await;
    let left = form.text("countdown");
    assert!(
        left == "Time left 10:00" || left == "Time left 9:59",
        "{left}"
    );
    assert_eq!(form.attr("countdown", "role").as_deref(), Some("timer"));
    drop(form);

    // The attempt was started 20 minutes ago (the page was closed): it reopens finished,
    // with what was answered and the time allowed as the time taken.
    let mut answers = Answers::default();
    answers.insert("q1", Answer::value("b"));
    let started =
        js_sys::Date::new(&(js_sys::Date::now() - 20.0 * 60_000.0).into()).to_iso_string();
    draft::save(&draft_of(&session, answers, &String::from(started))).unwrap();
    let form = Mounted::new(session.clone()).await;
    yew::scheduler::flush().await;
    assert!(form.find("time-up").is_some(), "the attempt ended at zero");
    assert_eq!(form.text("time-taken"), "Time taken 10:00");
    assert_eq!(form.text("right-count"), "1 of 7 right");
    assert!(form.find("countdown").is_none());
    let saved =
        draft::load(&session.rubric, &session.context_key()).expect("the finished attempt is kept");
    assert!(saved.finished.is_some_and(|f| f.timed_out));
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}

#[wasm_bindgen_test]
async fn calibration_is_blind_until_submitted_then_shows_where_the_reviews_differ() {
    let expert = Review::from_json(common::EXPERT_REVIEW).unwrap();
    let session = session_with(
        "cc-qc-standard",
        "calibrate",
        Lang::En,
        json!({"mode": "calibrate"}),
        Some(expert),
    );
    let typical = Answers::from_json(common::EXAMPLES[0].answers).unwrap();
    draft::save(&draft_of(&session, typical, "2026-11-23T08:00:00.000Z")).unwrap();
    let form = Mounted::new(session.clone()).await;
    let shown = form.root.text_content().unwrap_or_default();
    assert!(
        !shown.contains("结束语完整") && form.find("calibration").is_none(),
        "nothing of the expert's review before the submit"
    );
    assert_eq!(form.total(), "68.0");
    form.click("submit").await;

    assert_eq!(
        form.attr("calibration-verdict", "data-calibrated")
            .as_deref(),
        Some("false")
    );
    assert!(
        form.text("calibration-verdict")
            .starts_with("Not calibrated")
    );
    assert!(
        form.text("calibration-reasons")
            .contains("The totals differ by −6, more than the 5 allowed")
    );
    assert_eq!(form.text("cal-mine-total"), "68.0");
    assert_eq!(form.text("cal-expert-total"), "74.0");
    assert_eq!(form.text("cal-delta"), "−6");
    assert_eq!(form.text("cal-agreement"), "89.5% (17 of 19 items)");
    assert_eq!(form.count(".cal-item.differ"), 2);
    assert_eq!(
        form.attr("cal-closing", "data-agree").as_deref(),
        Some("false")
    );
    assert_eq!(
        form.attr("cal-interrupt", "data-agree").as_deref(),
        Some("false")
    );
    assert_eq!(form.text("cal-delta-closing"), "−4");
    assert!(
        form.text("cal-expert-closing")
            .contains("结束语完整, 不应扣分"),
        "the expert's comment, now"
    );
    let cells = form
        .get("cal-section-norms")
        .query_selector_all("td")
        .unwrap();
    let cells: Vec<String> = (0..cells.length())
        .filter_map(|i| cells.item(i)?.text_content())
        .collect();
    assert_eq!(cells, ["22.0", "26.0", "−4"]);
    // Only the differences, on request.
    form.get("only-differences").click();
    yew::scheduler::flush().await;
    assert_eq!(form.count(".cal-item"), 2);
    drop(form);
    draft::remove(&session.rubric, &session.context_key());
}
