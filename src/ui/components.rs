//! The widget's components, one per file.

pub mod calibration;
pub mod controls;
pub mod inspector;
pub mod item_card;
pub mod kind_control;
pub mod problems;
pub mod quiz;
pub mod score_panel;
pub mod start;
pub mod submit;
