//! The inspector's header: the rubric's title and figures, the host's context by name,
//! the outbox, when the draft was saved, and "Start over" (which asks first).

use indexmap::IndexMap;
use serde_json::Value;
use yew::prelude::*;

use super::confirm::Confirm;
use super::outbox_panel::OutboxPanel;
use crate::ui::dom::local_time;
use crate::ui::format::points;
use crate::ui::hooks::StartOver;
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::session::Session;

/// What the header shows and does.
pub struct Header<'a> {
    pub session: &'a Session,
    /// When the draft was last saved.
    pub saved_at: Option<&'a str>,
    /// A finished quiz's results have their own "Retake": the header's draft note and
    /// "Start over" (the same action) would only repeat it.
    pub quiz_finished: bool,
    pub start_over: StartOver,
}

impl Header<'_> {
    pub fn view(self) -> Html {
        let (session, lang) = (self.session, self.session.lang);
        let rubric = session.scorer.rubric();
        let meta = [
            msg(lang, Msg::Method(rubric.scoring.method)),
            format!("{} {}", t(lang, Key::Total), points(rubric.scoring.max())),
            format!("{} · {}", rubric.id, rubric.version),
        ]
        .join(" · ");
        html! {
            <header class="rw-header" part="header">
                <div class="title-block">
                    <h1>{ session.text(&rubric.title) }</h1>
                    if let Some(d) = &rubric.description { <p class="description">{ session.text(d) }</p> }
                    <p class="meta">{ meta }{ context_line(session.context(), lang) }</p>
                </div>
                <div class="header-actions">
                    <OutboxPanel {lang} />
                    if let Some(at) = self.saved_at.filter(|_| !self.quiz_finished) {
                        <span class="saved" data-testid="saved">{ msg(lang, Msg::Saved(&local_time(at))) }</span>
                    }
                    if !self.quiz_finished { { self.start_over(lang) } }
                </div>
            </header>
        }
    }

    fn start_over(self, lang: Lang) -> Html {
        let StartOver {
            asking,
            button,
            ask,
            cancel,
            confirm,
        } = self.start_over;
        if asking {
            html! {
                <Confirm id="rw-confirm-start-over" testid="start-over-dialog"
                         question={t(lang, Key::ConfirmStartOver).to_owned()}
                         confirm={t(lang, Key::StartOver)} confirm_class="danger" confirm_testid="confirm-start-over"
                         cancel={t(lang, Key::Cancel)} cancel_testid="cancel-start-over"
                         on_confirm={confirm.reform(|_| ())} on_cancel={cancel} />
            }
        } else {
            html! {
                <button type="button" class="secondary" data-testid="start-over" ref={button} onclick={ask}>
                    { t(lang, Key::StartOver) }
                </button>
            }
        }
    }
}

/// The host's context after the rubric's figures: the usual fields by name in the UI's
/// language (座席 1024 · 通话 C-88231), others as `key: value`, and a web address — the
/// recording — as a link that opens beside the widget.
fn context_line(context: &IndexMap<String, Value>, lang: Lang) -> Html {
    html! { <>{ for context.iter().map(|(key, value)| {
        let value = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        let label = match key.as_str() {
            "agent_id" => t(lang, Key::ContextAgent).to_owned(),
            "call_id" => t(lang, Key::ContextCall).to_owned(),
            "ticket_id" => t(lang, Key::ContextTicket).to_owned(),
            "conversation_id" => t(lang, Key::ContextConversation).to_owned(),
            "recording_url" => t(lang, Key::ContextRecording).to_owned(),
            other => format!("{other}:"),
        };
        let web = value.starts_with("https://") || value.starts_with("http://");
        html! {
            <>
                { " · " }
                if web {
                    <a href={value.clone()} target="_blank" rel="noopener noreferrer"
                       data-testid={format!("context-{key}")} title={value}>
                        { label }<span aria-hidden="true">{ " ↗" }</span>
                    </a>
                } else {
                    <span data-testid={format!("context-{key}")}>{ format!("{label} {value}") }</span>
                }
            </>
        }
    }) }</> }
}
