//! UI strings in zh-CN and en. Every string the UI shows comes from here; rubric
//! texts follow the rubric's own locale rules.

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    ZhCn,
    En,
}

impl Lang {
    /// `?lang=` first, then the browser's language; English otherwise.
    pub fn pick(query: Option<&str>, browser: Option<&str>) -> Lang {
        query
            .and_then(Lang::parse)
            .or_else(|| browser.and_then(Lang::parse))
            .unwrap_or(Lang::En)
    }

    fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The BCP 47 tag, used to pick rubric texts.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A UI string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Loading,
    LoadFailed,
    RubricInvalid,
    AnswersInvalid,
    Total,
    Percent,
    Grade,
    Passed,
    Failed,
    Fatal,
    Complete,
    Missing,
    Section,
    Score,
    NotApplicable,
    Method,
    ExampleAnswers,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match (lang, key) {
        (Lang::ZhCn, Loading) => "正在加载评分表…",
        (Lang::En, Loading) => "Loading the rubric…",
        (Lang::ZhCn, LoadFailed) => "无法加载",
        (Lang::En, LoadFailed) => "Could not load",
        (Lang::ZhCn, RubricInvalid) => "评分表有错误, 未加载:",
        (Lang::En, RubricInvalid) => "The rubric has problems and was not loaded:",
        (Lang::ZhCn, AnswersInvalid) => "答案有错误:",
        (Lang::En, AnswersInvalid) => "The answers have problems:",
        (Lang::ZhCn, Total) => "总分",
        (Lang::En, Total) => "Total",
        (Lang::ZhCn, Percent) => "得分率",
        (Lang::En, Percent) => "Percent",
        (Lang::ZhCn, Grade) => "等级",
        (Lang::En, Grade) => "Grade",
        (Lang::ZhCn, Passed) => "合格",
        (Lang::En, Passed) => "Passed",
        (Lang::ZhCn, Failed) => "不合格",
        (Lang::En, Failed) => "Failed",
        (Lang::ZhCn, Fatal) => "致命项: 本次质检一票否决",
        (Lang::En, Fatal) => "Fatal error: the whole review fails",
        (Lang::ZhCn, Complete) => "已全部评分",
        (Lang::En, Complete) => "Every required item is scored",
        (Lang::ZhCn, Missing) => "未评分的必评项",
        (Lang::En, Missing) => "Required items not scored",
        (Lang::ZhCn, Section) => "部分",
        (Lang::En, Section) => "Section",
        (Lang::ZhCn, Score) => "得分",
        (Lang::En, Score) => "Score",
        (Lang::ZhCn, NotApplicable) => "不适用",
        (Lang::En, NotApplicable) => "N/A",
        (Lang::ZhCn, Method) => "计分方式",
        (Lang::En, Method) => "Scoring",
        (Lang::ZhCn, ExampleAnswers) => "示例答案",
        (Lang::En, ExampleAnswers) => "Example answers",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn query_wins_over_browser() {
        assert_eq!(Lang::pick(Some("en"), Some("zh-CN")), Lang::En);
        assert_eq!(Lang::pick(None, Some("zh-TW")), Lang::ZhCn);
        assert_eq!(Lang::pick(Some("fr"), Some("de")), Lang::En);
    }
}
