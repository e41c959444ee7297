//! JSON Schemas generated from the Rust types, so the published schemas and the code
//! cannot drift apart. (The widget's configuration has its own,
//! `config::WidgetConfig::schema`: the core knows nothing of the widget.)

use schemars::{Schema, generate::SchemaSettings};

use super::answers::Answers;
use super::review::Review;
use super::rubric::Rubric;
use super::score::Score;

/// The documents that have a published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Rubric,
    Answers,
    Score,
    Review,
}

impl Document {
    pub const ALL: [Document; 4] = [
        Document::Rubric,
        Document::Answers,
        Document::Score,
        Document::Review,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Document::Rubric => "rubric",
            Document::Answers => "answers",
            Document::Score => "score",
            Document::Review => "review",
        }
    }

    pub fn from_name(name: &str) -> Option<Document> {
        Document::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The document's JSON Schema (draft 2020-12).
    pub fn schema(self) -> Schema {
        let generator = SchemaSettings::draft2020_12().into_generator();
        match self {
            Document::Rubric => generator.into_root_schema_for::<Rubric>(),
            Document::Answers => generator.into_root_schema_for::<Answers>(),
            Document::Score => generator.into_root_schema_for::<Score>(),
            Document::Review => generator.into_root_schema_for::<Review>(),
        }
    }
}
