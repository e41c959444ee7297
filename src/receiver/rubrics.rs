//! The rubrics a receiver knows: every `*.json` in one folder, by id and version.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::core::{Problems, Scorer, digest};

#[derive(Debug, thiserror::Error)]
pub enum RubricsError {
    #[error("cannot read the rubrics folder {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a valid rubric:\n{problems}")]
    Invalid { path: PathBuf, problems: Problems },
    #[error("{path} and {other} are both rubric {id} version {version}, with different texts")]
    Duplicate {
        path: PathBuf,
        other: PathBuf,
        id: String,
        version: String,
    },
}

/// One known rubric: compiled, with the digest of its text.
#[derive(Debug)]
pub struct Known {
    pub scorer: Scorer,
    pub digest: String,
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Rubrics {
    by_key: HashMap<(String, String), Known>,
}

impl Rubrics {
    /// Load every rubric in `folder` (not its subfolders); any invalid one is an error.
    pub fn load(folder: &Path) -> Result<Rubrics, RubricsError> {
        let entries = std::fs::read_dir(folder).map_err(|source| RubricsError::Folder {
            path: folder.to_owned(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let mut by_key = HashMap::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| RubricsError::File {
                path: path.clone(),
                source,
            })?;
            let scorer = Scorer::from_json(&text).map_err(|problems| RubricsError::Invalid {
                path: path.clone(),
                problems,
            })?;
            let key = (
                scorer.rubric().id.to_string(),
                scorer.rubric().version.clone(),
            );
            let known = Known {
                scorer,
                digest: digest(&text),
                path: path.clone(),
            };
            if let Some(other) = by_key
                .get(&key)
                .filter(|o: &&Known| o.digest != known.digest)
            {
                return Err(RubricsError::Duplicate {
                    path,
                    other: other.path.clone(),
                    id: key.0,
                    version: key.1,
                });
            }
            by_key.insert(key, known);
        }
        Ok(Rubrics { by_key })
    }

    pub fn get(&self, id: &str, version: &str) -> Option<&Known> {
        self.by_key.get(&(id.to_owned(), version.to_owned()))
    }

    /// The newest known version of rubric `id`: versions compared part by part
    /// (split at `.` and `-`), numerically where both parts are numbers, so 2026.10
    /// is newer than 2026.9.
    pub fn newest(&self, id: &str) -> Option<&Known> {
        let key = |v: &str| -> Vec<(u64, String)> {
            v.split(['.', '-'])
                .map(|p| (p.parse::<u64>().unwrap_or(0), p.to_owned()))
                .collect()
        };
        self.by_key
            .iter()
            .filter(|((i, _), _)| i == id)
            .max_by(|((_, a), _), ((_, b), _)| key(a).cmp(&key(b)))
            .map(|(_, known)| known)
    }

    /// Every known rubric id, sorted, once each.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.by_key.keys().map(|(id, _)| id.clone()).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The known versions of rubric `id`, sorted as text.
    pub fn versions(&self, id: &str) -> Vec<String> {
        let mut versions: Vec<String> = self
            .by_key
            .keys()
            .filter(|(i, _)| i == id)
            .map(|(_, v)| v.clone())
            .collect();
        versions.sort();
        versions
    }

    /// `id@version` of every known rubric, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .by_key
            .keys()
            .map(|(id, v)| format!("{id}@{v}"))
            .collect();
        names.sort();
        names
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}
