//! What the inspector is told about drafts when the form opens: this review's draft
//! was restored (with "Start over"), or one made against another version of the
//! rubric is offered ("Apply it anyway" / "Discard"), never applied silently.

use yew::prelude::*;

use crate::ui::dom::local_time;
use crate::ui::draft::Draft;
use crate::ui::i18n::{Key, Lang, Msg, msg, t};
use crate::ui::state::DraftNote;

/// The note; `on_start_over` asks to start over, `on_apply` and `on_discard` take the
/// other version's draft.
pub fn draft_note(
    note: &DraftNote,
    lang: Lang,
    on_start_over: Callback<MouseEvent>,
    on_apply: &Callback<Box<Draft>>,
    on_discard: &Callback<Box<Draft>>,
) -> Html {
    let with = |callback: &Callback<Box<Draft>>, draft: &Draft| {
        let draft = Box::new(draft.clone());
        callback.reform(move |_: MouseEvent| draft.clone())
    };
    match note {
        DraftNote::Restored { saved_at } => html! {
            <div class="note" role="status" data-testid="draft-restored">
                <span>{ msg(lang, Msg::Restored(&local_time(saved_at))) }</span>
                <button type="button" class="link" onclick={on_start_over}>{ t(lang, Key::StartOver) }</button>
            </div>
        },
        DraftNote::OtherVersion { draft } => html! {
            <div class="note warn" role="status" data-testid="draft-other-version">
                <span>{ msg(lang, Msg::OtherDraft(&draft.rubric.version, &local_time(&draft.saved_at))) }</span>
                <button type="button" class="link" data-testid="draft-apply" onclick={with(on_apply, draft)}>{ t(lang, Key::ApplyAnyway) }</button>
                <button type="button" class="link" data-testid="draft-discard" onclick={with(on_discard, draft)}>{ t(lang, Key::Discard) }</button>
            </div>
        },
    }
}
