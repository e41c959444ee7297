//! UI strings in zh-CN and en. Every string the UI shows comes from here (`Key` for
//! fixed strings, `Msg` for ones with values in them); rubric texts follow the
//! rubric's own locale rules.

use crate::core::{ItemStatus, Method};

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

    /// The BCP 47 tag, used to pick rubric texts and for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// What a list of names is joined with: "、" in Chinese, ", " in English.
    pub fn list_separator(self) -> &'static str {
        if self.zh() { "、" } else { ", " }
    }

    fn zh(self) -> bool {
        self == Lang::ZhCn
    }
}

/// A fixed UI string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Loading,
    LoadFailed,
    RubricInvalid,
    BackToStart,
    StartTitle,
    StartIntro,
    Samples,
    OwnRubric,
    PasteHint,
    OpenPasted,
    PickFile,
    Required,
    Pass,
    Fail,
    NotApplicable,
    NoneOfThese,
    ContextAgent,
    ContextCall,
    ContextTicket,
    ContextConversation,
    ContextRecording,
    Guide,
    Comment,
    AddComment,
    RootCause,
    Bonus,
    CriticalForm,
    CriticalSection,
    Total,
    Percent,
    Grade,
    Passed,
    Failed,
    NotScorable,
    WhyScore,
    NextUnanswered,
    AllAnswered,
    OverallComment,
    MissingTitle,
    Submit,
    ReviewReady,
    ReviewReadyNote,
    Download,
    Close,
    StartOver,
    ConfirmStartOver,
    Cancel,
    ApplyAnyway,
    Discard,
    StorageUnavailable,
    EnterNumber,
    Sections,
    Item,
    Status,
    Points,
    Clear,
    Decrease,
    Increase,
    ScorePanel,
    Details,
    Unanswered,
    ConfigInvalid,
    Sending,
    RetryNow,
    AuthProblem,
    NewReview,
    Outbox,
    ConfirmDiscard,
    StorageMemoryOnly,
    EditAndResend,
    ReferenceInvalid,
    Finish,
    FinishAnyway,
    KeepAnswering,
    Right,
    Wrong,
    YourAnswer,
    CorrectAnswer,
    NotAnswered,
    Retake,
    TimeUp,
    QuizResults,
    Calibration,
    Mine,
    Expert,
    Agree,
    Disagree,
    Calibrated,
    NotCalibrated,
    Difference,
    ExpertComment,
    Questions,
    LastMinute,
    OnlyDifferences,
    OneTotalOnly,
    YourComment,
    Workflows,
    Agreement,
    MissingQuestions,
    QuizDemo,
    QuizDemoDetail,
    CalibrationDemo,
    CalibrationDemoDetail,
}

// A table, one line per string: longer than a screen, and read by looking a key up.
pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    let (zh, en) = match key {
        Loading => ("正在加载评分表…", "Loading the rubric…"),
        LoadFailed => ("无法加载", "Could not load"),
        RubricInvalid => (
            "评分表有错误, 未加载:",
            "The rubric has problems and was not loaded:",
        ),
        BackToStart => ("返回评分表列表", "Back to the rubrics"),
        StartTitle => ("选择评分表", "Choose a rubric"),
        StartIntro => (
            "打开一个示例评分表, 或粘贴、选择你自己的 rubric/v1 文件。",
            "Open a sample rubric, or paste or choose your own rubric/v1 file.",
        ),
        Samples => ("示例评分表", "Sample rubrics"),
        OwnRubric => ("你自己的评分表", "Your own rubric"),
        PasteHint => ("在此粘贴 rubric/v1 JSON", "Paste rubric/v1 JSON here"),
        OpenPasted => ("打开", "Open"),
        PickFile => ("选择文件", "Choose a file"),
        Required => ("必评", "Required"),
        Pass => ("符合", "Pass"),
        Fail => ("不符合", "Fail"),
        NotApplicable => ("不适用", "N/A"),
        NoneOfThese => ("以上皆无", "None of these"),
        ContextAgent => ("座席", "Agent"),
        ContextCall => ("通话", "Call"),
        ContextTicket => ("工单", "Ticket"),
        ContextConversation => ("会话", "Conversation"),
        ContextRecording => ("录音", "Recording"),
        Guide => ("评分说明", "Scoring guide"),
        Comment => ("备注", "Comment"),
        AddComment => ("添加备注", "Add a comment"),
        RootCause => ("问题原因", "Root cause"),
        Bonus => ("加分项", "Bonus"),
        CriticalForm => ("致命项", "Fatal"),
        CriticalSection => ("部分致命", "Section fatal"),
        Total => ("总分", "Total"),
        Percent => ("得分率", "Percent"),
        Grade => ("等级", "Grade"),
        Passed => ("合格", "Passed"),
        Failed => ("不合格", "Failed"),
        NotScorable => ("无可评分项", "Nothing to score yet"),
        WhyScore => ("为什么是这个分数", "Why this score"),
        NextUnanswered => ("下一个未评项", "Next unanswered"),
        AllAnswered => ("必评项已全部评分", "Every required item is scored"),
        OverallComment => ("总体评语", "Overall comment"),
        MissingTitle => (
            "以下必评项尚未评分:",
            "These required items are not scored yet:",
        ),
        Submit => ("提交质检记录", "Submit review"),
        ReviewReady => ("质检记录已生成", "Review ready"),
        ReviewReadyNote => (
            "这是将要提交的 review/v1 记录, 可下载保存。",
            "This is the review/v1 document to be submitted; you can download it.",
        ),
        Download => ("下载 JSON", "Download JSON"),
        Close => ("关闭", "Close"),
        StartOver => ("重新开始", "Start over"),
        ConfirmStartOver => (
            "清除本次所有评分并重新开始?",
            "Clear every answer and start over?",
        ),
        Cancel => ("取消", "Cancel"),
        ApplyAnyway => ("仍然应用", "Apply it anyway"),
        Discard => ("丢弃", "Discard"),
        StorageUnavailable => (
            "浏览器存储不可用, 草稿无法自动保存。",
            "Browser storage is unavailable: drafts cannot be saved.",
        ),
        EnterNumber => ("请输入数字", "Enter a number"),
        Sections => ("各部分得分", "Sections"),
        Item => ("评分项", "Item"),
        Status => ("状态", "Status"),
        Points => ("得分", "Points"),
        Clear => ("清除", "Clear"),
        Decrease => ("减少", "Decrease"),
        Increase => ("增加", "Increase"),
        ScorePanel => ("得分", "Score"),
        Details => ("详情", "Details"),
        Unanswered => ("未评", "Unanswered"),
        ConfigInvalid => ("配置有错误:", "The widget's configuration has problems:"),
        Sending => ("正在提交…", "Sending…"),
        RetryNow => ("立即重试", "Retry now"),
        AuthProblem => (
            "登录状态或访问令牌无效 (可能已过期)。请重新登录后点「立即重试」。",
            "Your session or access token is not valid (expired?). Sign in again, then choose Retry now.",
        ),
        NewReview => ("开始新的质检", "Start a new review"),
        Outbox => ("发件箱", "Outbox"),
        ConfirmDiscard => (
            "丢弃这份尚未送达的质检记录?",
            "Discard this review? It has not reached the server.",
        ),
        StorageMemoryOnly => (
            "浏览器无法保存待发送的记录: 关闭页面前请确认它们已送达。",
            "This browser cannot keep unsent reviews: make sure they are delivered before closing the page.",
        ),
        EditAndResend => (
            "可以修改后重新提交, 或下载保存。",
            "You can correct the review and submit it again, or download it.",
        ),
        ReferenceInvalid => (
            "专家参考评分有错误:",
            "The expert's reference review cannot be used:",
        ),
        Finish => ("交卷", "Finish"),
        FinishAnyway => ("仍然交卷", "Finish anyway"),
        KeepAnswering => ("继续作答", "Keep answering"),
        Right => ("正确", "Right"),
        Wrong => ("错误", "Wrong"),
        YourAnswer => ("你的答案", "Your answer"),
        CorrectAnswer => ("正确答案", "Correct answer"),
        NotAnswered => ("未作答", "Not answered"),
        Retake => ("重新测验", "Retake"),
        TimeUp => (
            "时间到: 已按作答内容交卷。",
            "Time is up: the attempt ended with what was answered.",
        ),
        QuizResults => ("测验结果", "Results"),
        Calibration => ("校准结果", "Calibration"),
        Mine => ("我的评分", "Mine"),
        Expert => ("专家评分", "Expert"),
        Agree => ("一致", "Agree"),
        Disagree => ("不一致", "Differ"),
        Calibrated => ("已校准 ✓", "Calibrated ✓"),
        NotCalibrated => ("未校准 ✗", "Not calibrated ✗"),
        Difference => ("差值", "Difference"),
        ExpertComment => ("专家备注", "Expert's comment"),
        Questions => ("题目", "Questions"),
        LastMinute => ("剩余不到 1 分钟", "Less than a minute left"),
        OnlyDifferences => ("只看不一致项", "Only the differences"),
        OneTotalOnly => (
            "只有一方的总分可计算",
            "Only one of the totals can be scored",
        ),
        YourComment => ("我的备注", "My comment"),
        MissingQuestions => ("以下题目尚未作答:", "Not answered yet:"),
        Agreement => ("一致率", "Agreement"),
        Workflows => ("培训与校准", "Training and calibration"),
        QuizDemo => ("座席自测 (测验模式)", "Trainee self-test (quiz mode)"),
        QuizDemoDetail => (
            "7 道题, 限时 7 分钟, 选项随机排序; 交卷后查看对错与讲解。",
            "7 questions, 7 minutes, options shuffled; see right and wrong, with explanations, when you finish.",
        ),
        CalibrationDemo => (
            "质检校准 (对照专家评分)",
            "Calibration against an expert's review",
        ),
        CalibrationDemoDetail => (
            "给通话 C-88231 评分, 提交后与专家评分逐项对比。",
            "Score call C-88231, then compare with the expert's review, item by item.",
        ),
    };
    if lang.zh() { zh } else { en }
}

/// A UI string with values in it.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg<'a> {
    /// "5 分" / "5 pts".
    Points(&'a str),
    /// Out of: "3 / 5 分".
    Earned(&'a str, &'a str),
    Items(usize),
    /// Answered required items, of all required shown.
    Answered(usize, usize),
    /// A count item's loss: times and points.
    Occurrences(u64, &'a str),
    PerOccurrence(&'a str),
    /// A number band: upper bound (None: open), unit, points.
    Band(Option<&'a str>, &'a str, &'a str),
    Characters(usize, u64),
    NumberBetween(&'a str, &'a str),
    NumberAtLeast(&'a str),
    NumberAtMost(&'a str),
    /// A fired critical item: its title, and (for a section) the section's title.
    FatalForm(&'a str),
    FatalSection(&'a str, &'a str),
    StillMissing(usize),
    Restored(&'a str),
    OtherDraft(&'a str, &'a str),
    Saved(&'a str),
    Method(Method),
    Status(ItemStatus),
    ShowGuideOf(&'a str),
    SectionScore(&'a str, &'a str, &'a str),
    /// Queued: why the last attempt failed, and seconds until the next.
    Queued(&'a str, u64),
    Paused(&'a str),
    Rejected(&'a str),
    Stored(Option<&'a str>),
    Attempts(u32),
    OutboxCount(usize),
    QuizProgress(usize, usize),
    TimeLeft(&'a str),
    UnansweredLeft(usize),
    RightCount(usize, usize),
    Agreement(&'a str, usize, usize),
    TotalsDiffer(&'a str, &'a str),
    CriticalDisagreement(&'a str),
    TimeTaken(&'a str),
    MoreMissing(usize),
}

/// English "pt" for exactly one point (also −1, +1), "pts" otherwise ("0 pts", "1.5 pts").
fn pts(points: &str) -> &'static str {
    if points.trim_start_matches(['-', '−', '+']) == "1" {
        "pt"
    } else {
        "pts"
    }
}

/// An English noun for a count: "1 item", "2 items", "0 items".
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

// A table, one arm per message: longer than a screen, and read by looking one up.
pub fn msg(lang: Lang, m: Msg) -> String {
    let zh = lang.zh();
    match m {
        Msg::Points(p) if zh => format!("{p} 分"),
        Msg::Points(p) => format!("{p} {}", pts(p)),
        Msg::Earned(e, p) if zh => format!("{e} / {p} 分"),
        Msg::Earned(e, p) => format!("{e} / {p} {}", pts(p)),
        Msg::Items(n) if zh => format!("{n} 项"),
        Msg::Items(n) => format!("{n} {}", plural(n, "item", "items")),
        Msg::Answered(a, n) if zh => format!("必评项已评 {a} / {n}"),
        Msg::Answered(a, n) => format!("{a} of {n} required answered"),
        Msg::Occurrences(n, lost) if zh => format!("{n} 次, 扣 {lost} 分"),
        Msg::Occurrences(n, lost) => format!("{n} ×, −{lost} {}", pts(lost)),
        Msg::PerOccurrence(per) if zh => format!("每次扣 {per} 分"),
        Msg::PerOccurrence(per) => format!("−{per} {} each", pts(per)),
        Msg::Band(Some(upto), unit, p) if zh => format!("≤ {upto}{unit}: {p} 分"),
        Msg::Band(Some(upto), unit, p) => format!("≤ {upto}{unit}: {p} {}", pts(p)),
        Msg::Band(None, _, p) if zh => format!("更多: {p} 分"),
        Msg::Band(None, _, p) => format!("above: {p} {}", pts(p)),
        Msg::Characters(n, max) if zh => format!("{n} / {max} 字"),
        Msg::Characters(n, max) => format!("{n} / {max} characters"),
        Msg::NumberBetween(lo, hi) if zh => format!("应在 {lo} 到 {hi} 之间"),
        Msg::NumberBetween(lo, hi) => format!("Must be between {lo} and {hi}"),
        Msg::NumberAtLeast(lo) if zh => format!("不能小于 {lo}"),
        Msg::NumberAtLeast(lo) => format!("Must be at least {lo}"),
        Msg::NumberAtMost(hi) if zh => format!("不能大于 {hi}"),
        Msg::NumberAtMost(hi) => format!("Must be at most {hi}"),
        Msg::FatalForm(item) if zh => format!("致命项「{item}」: 整个质检判为不合格, 总分为 0"),
        Msg::FatalForm(item) => format!("Fatal: “{item}” fails the whole review (total 0)"),
        Msg::FatalSection(item, section) if zh => {
            format!("「{item}」触发部分致命: 「{section}」部分得 0 分")
        }
        Msg::FatalSection(item, section) => {
            format!("“{item}” zeroes the section “{section}”")
        }
        Msg::StillMissing(n) if zh => format!("还有 {n} 项必评项未评分"),
        Msg::StillMissing(1) => "1 required item is not scored yet".to_owned(),
        Msg::StillMissing(n) => format!("{n} required items are not scored yet"),
        Msg::Restored(time) if zh => format!("已恢复 {time} 保存的草稿"),
        Msg::Restored(time) => format!("Restored the draft saved at {time}"),
        Msg::OtherDraft(version, time) if zh => {
            format!("有一份评分表版本 {version} 的草稿 ({time}), 未自动应用。")
        }
        Msg::OtherDraft(version, time) => {
            format!("A draft for version {version} of this rubric ({time}) was not applied.")
        }
        Msg::Saved(time) if zh => format!("草稿已保存 {time}"),
        Msg::Saved(time) => format!("Draft saved {time}"),
        Msg::Method(method) => match (method, zh) {
            (Method::Sum, true) => "加总制".into(),
            (Method::Sum, false) => "Sum of points".into(),
            (Method::Weighted, true) => "加权制".into(),
            (Method::Weighted, false) => "Weighted sections".into(),
            (Method::Deduct, true) => "扣分制".into(),
            (Method::Deduct, false) => "Deduction".into(),
        },
        Msg::Status(status) => {
            let (z, e) = match status {
                ItemStatus::Scored => ("已评", "scored"),
                ItemStatus::Na => ("不适用", "N/A"),
                ItemStatus::Hidden => ("未显示", "hidden"),
                ItemStatus::Missing => ("未评 (必评)", "missing"),
                ItemStatus::Unanswered => ("未评", "unanswered"),
                ItemStatus::Unscored => ("不计分", "not scored"),
            };
            if zh { z.into() } else { e.into() }
        }
        Msg::ShowGuideOf(item) if zh => format!("「{item}」的评分说明"),
        Msg::ShowGuideOf(item) => format!("Scoring guide for “{item}”"),
        Msg::SectionScore(section, score, max) if zh => format!("{section}: {score} / {max}"),
        Msg::SectionScore(section, score, max) => format!("{section}: {score} of {max}"),
        Msg::Queued(reason, secs) if zh => format!("已排队 ({reason}), {secs} 秒后重试"),
        Msg::Queued(reason, secs) => format!("Queued ({reason}); retrying in {secs} s"),
        Msg::Paused(reason) if zh => {
            format!("自动重试已暂停 ({reason}); 网络恢复或重新打开页面时会继续")
        }
        Msg::Paused(reason) => {
            format!(
                "Automatic retries paused ({reason}); they resume when the network returns or the page reopens"
            )
        }
        Msg::Rejected(message) if zh => format!("服务器拒绝了这份质检记录: {message}"),
        Msg::Rejected(message) => format!("The server rejected this review: {message}"),
        Msg::Stored(Some(id)) if zh => format!("已提交 ✓ 服务器记录号 {id}"),
        Msg::Stored(Some(id)) => format!("Stored ✓ (server id {id})"),
        Msg::Stored(None) if zh => "已提交 ✓".to_owned(),
        Msg::Stored(None) => "Stored ✓".to_owned(),
        Msg::Attempts(n) if zh => format!("已尝试 {n} 次"),
        Msg::Attempts(n) => format!("{n} {}", plural(n as usize, "attempt", "attempts")),
        Msg::OutboxCount(n) if zh => format!("发件箱 ({n})"),
        Msg::OutboxCount(n) => format!("Outbox ({n})"),
        Msg::QuizProgress(a, n) if zh => format!("已答 {a} / {n} 题"),
        Msg::QuizProgress(a, n) => format!("{a} of {n} answered"),
        Msg::TimeLeft(t) if zh => format!("剩余时间 {t}"),
        Msg::TimeLeft(t) => format!("Time left {t}"),
        Msg::UnansweredLeft(n) if zh => format!("还有 {n} 题未作答, 确定交卷吗?"),
        Msg::UnansweredLeft(n) => {
            let questions = plural(n, "question", "questions");
            format!("{n} {questions} unanswered. Finish anyway?")
        }
        Msg::RightCount(r, n) if zh => format!("答对 {r} / {n} 题"),
        Msg::RightCount(r, n) => format!("{r} of {n} right"),
        Msg::Agreement(pct, a, n) if zh => format!("{pct}% ({a} / {n} 项)"),
        Msg::Agreement(pct, a, n) => format!("{pct}% ({a} of {n} {})", plural(n, "item", "items")),
        Msg::TotalsDiffer(d, tol) if zh => format!("总分相差 {d}, 超过允许的 {tol} 分"),
        Msg::TotalsDiffer(d, tol) => {
            format!("The totals differ by {d}, more than the {tol} allowed")
        }
        Msg::CriticalDisagreement(items) if zh => format!("致命项判断不一致: {items}"),
        Msg::CriticalDisagreement(items) => {
            format!("Different judgement on a critical item: {items}")
        }
        Msg::TimeTaken(c) if zh => format!("用时 {c}"),
        Msg::TimeTaken(c) => format!("Time taken {c}"),
        Msg::MoreMissing(n) if zh => format!("…… 另有 {n} 项 (Alt+N 逐项跳转)"),
        Msg::MoreMissing(n) => format!("… and {n} more (Alt+N jumps to each)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn query_wins_over_browser() {
        assert_eq!(Lang::pick(Some("en"), Some("zh-CN")), Lang::En);
        assert_eq!(Lang::pick(None, Some("zh-TW")), Lang::ZhCn);
        assert_eq!(Lang::pick(Some("fr"), Some("de")), Lang::En);
    }

    #[test]
    fn messages_fill_in_their_values() {
        assert_eq!(msg(Lang::ZhCn, Msg::Occurrences(2, "4")), "2 次, 扣 4 分");
        assert_eq!(
            msg(Lang::En, Msg::StillMissing(1)),
            "1 required item is not scored yet"
        );
        assert_eq!(
            msg(Lang::En, Msg::Band(Some("30"), " s", "3")),
            "≤ 30 s: 3 pts"
        );
        assert_eq!(msg(Lang::En, Msg::Band(None, "", "1")), "above: 1 pt");
        assert_eq!(msg(Lang::En, Msg::PerOccurrence("1")), "−1 pt each");
        assert_eq!(msg(Lang::En, Msg::Earned("0", "1.5")), "0 / 1.5 pts");
        assert_eq!(msg(Lang::En, Msg::Items(1)), "1 item");
        assert_eq!(msg(Lang::En, Msg::Attempts(2)), "2 attempts");
        assert_eq!(
            msg(Lang::En, Msg::UnansweredLeft(1)),
            "1 question unanswered. Finish anyway?"
        );
    }
}
