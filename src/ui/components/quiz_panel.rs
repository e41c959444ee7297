//! Quiz mode, while the attempt runs: beside the questions (below them on a phone),
//! how many are answered and the time left. The key and the score stay hidden.

use yew::prelude::*;

use super::meter::meter;
use crate::ui::format::clock;
use crate::ui::i18n::{Key, Lang, Msg, msg, t};

#[derive(Properties, PartialEq)]
pub struct QuizPanelProps {
    pub lang: Lang,
    /// Questions answered, of the questions shown (the core's count).
    pub progress: (usize, usize),
    /// Seconds left, when the quiz has a time limit.
    #[prop_or_default]
    pub remaining: Option<i64>,
}

/// Beside the questions (below them on a phone): how many are answered and the time left.
#[function_component(QuizPanel)]
pub fn quiz_panel(props: &QuizPanelProps) -> Html {
    let lang = props.lang;
    let (answered, total) = props.progress;
    let progress = msg(lang, Msg::QuizProgress(answered, total));
    let width = if total > 0 {
        answered as f64 / total as f64 * 100.0
    } else {
        0.0
    };
    html! {
        <aside part="panel" class="panel quiz-panel" aria-label={t(lang, Key::Questions)} data-testid="quiz-panel">
            <div class="panel-bar">
                <div class="quiz-progress">
                    <span data-testid="quiz-progress">{ &progress }</span>
                    { meter(width, None) }
                </div>
                if let Some(left) = props.remaining {
                    <span class={classes!("countdown", (left <= 60).then_some("low"))} role="timer"
                          data-testid="countdown">{ msg(lang, Msg::TimeLeft(&clock(left.max(0)))) }</span>
                    // Said once, not every second.
                    <span class="sr-only" aria-live="polite">{ if left <= 60 { t(lang, Key::LastMinute) } else { "" } }</span>
                }
            </div>
        </aside>
    }
}
