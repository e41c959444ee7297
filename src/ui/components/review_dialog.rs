//! The review document just produced (no endpoint to send it to), with a download.

use std::rc::Rc;

use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::core::Review;
use crate::ui::dom::download_review;
use crate::ui::hooks::use_autofocus;
use crate::ui::i18n::{Key, Lang, t};

#[derive(Properties, PartialEq)]
pub struct ReviewDialogProps {
    pub review: Rc<Review>,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[function_component(ReviewDialog)]
pub fn review_dialog(props: &ReviewDialogProps) -> Html {
    let heading = use_autofocus();
    let lang = props.lang;
    let json = serde_json::to_string_pretty(&*props.review).unwrap_or_default();
    let on_download = {
        let review = props.review.clone();
        Callback::from(move |_| download_review(&review))
    };
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    let close = props.on_close.clone();
    html! {
        <div class="overlay" {onkeydown}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="rw-review-title" data-testid="review-dialog">
                <h2 id="rw-review-title" tabindex="-1" ref={heading}>{ t(lang, Key::ReviewReady) }</h2>
                <p>{ t(lang, Key::ReviewReadyNote) }</p>
                <pre class="json" tabindex="0" data-testid="review-json">{ json }</pre>
                <div class="dialog-actions">
                    <button type="button" class="primary" data-testid="download" onclick={on_download}>{ t(lang, Key::Download) }</button>
                    <button type="button" class="secondary" data-testid="close-review"
                            onclick={Callback::from(move |_| close.emit(()))}>{ t(lang, Key::Close) }</button>
                </div>
            </div>
        </div>
    }
}
