//! JSON Schemas generated from the Rust types, so the published schemas and the code
//! cannot drift apart.

use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings};

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
        let mut generator = SchemaGenerator::new(SchemaSettings::draft2020_12());
        match self {
            Document::Rubric => schema_of::<Rubric>(&mut generator),
            Document::Answers => schema_of::<Answers>(&mut generator),
            Document::Score => schema_of::<Score>(&mut generator),
            Document::Review => schema_of::<Review>(&mut generator),
        }
    }
}

fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.clone().into_root_schema_for::<T>()
}
