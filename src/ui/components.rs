//! The widget's components, one per file, and the view functions that lay out parts
//! of a screen (`section_card`, `draft_note`, …), also one per file.

pub mod cal_item;
pub mod calibration_view;
pub mod checklist;
pub mod confirm;
pub mod control;
pub mod count_control;
pub mod draft_note;
pub mod finished_view;
pub mod inspector;
pub mod inspector_header;
pub mod item_card;
pub mod kind_control;
pub mod marked_question;
pub mod meter;
pub mod number_box;
pub mod number_control;
pub mod outbox_panel;
pub mod outbox_provider;
pub mod problems;
pub mod quiz_panel;
pub mod quiz_results;
pub mod radio_group;
pub mod review_dialog;
pub mod score_panel;
pub mod section_card;
pub mod start;
pub mod stepper;
pub mod submission;
pub mod submit_area;
pub mod text_box;
pub mod why_view;
