//! Prometheus alerting and recording rules: rule files (`groups[].rules[]`) and the
//! prometheus-operator `PrometheusRule` resource (`monitoring.coreos.com/v1`), read into the
//! alerts a policy checks for severity, owner, runbook and the `model` series they select.
//!
//! What an expression selects is read by a small PromQL tokenizer ([`promql`]), not a parser:
//! the evidence is lexical (the `model` label matchers and the metric names written in it), and
//! a full parser would have to follow PromQL's grammar across Prometheus releases (new
//! functions, duration expressions, UTF-8 names) where a lexer only needs the token shapes.
//! Comments and string arguments are tokens of their own, so a matcher written inside them is
//! not read as one; a rule Prometheus would refuse (an unknown character, an unterminated
//! string, unbalanced brackets, a bad duration) is an error, not evidence. The matchers of one
//! expression are a flat list: an alert "selects" a model when one of them matches it, as the
//! fixtures' README defines; how vectors combine (`and`, `/`, `on(...)`) is not evaluated.

use super::read::Part;
use super::{Loaded, Recording};
use crate::error::{Error, Result};
use crate::formats::locate::token;
use crate::input::AlertRule;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Format name in [`crate::input::Source::format`] of a plain rule file.
pub const FORMAT_RULES: &str = "prometheus-rules";
/// Format name of a `PrometheusRule` custom resource.
pub const FORMAT_RESOURCE: &str = "prometheus-operator-rule";

/// Reads the rule groups of a rule file (`resource` false) or a `PrometheusRule` (`spec.groups`).
pub fn load(part: Part, resource: bool, out: &mut Loaded) -> Result<()> {
    let v = part.root;
    let r = Reader {
        part,
        format: if resource {
            FORMAT_RESOURCE
        } else {
            FORMAT_RULES
        },
    };
    let (pointer, groups) = if resource {
        match v.get("spec") {
            Some(Value::Object(spec)) => ("/spec/groups", spec.get("groups")),
            Some(other) => {
                return Err(r.err(
                    "/spec",
                    format!(
                        "spec must be a mapping with the rule `groups`, found {}",
                        r.kind(other)
                    ),
                ))
            }
            None => return Err(r.err("", "a PrometheusRule needs a `spec` with its rule `groups`")),
        }
    } else {
        ("/groups", v.get("groups"))
    };
    // No groups (`groups:` left empty) is a file without rules: it covers nothing.
    let groups = match groups {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Array(groups)) => groups,
        Some(other) => {
            return Err(r.err(
                pointer,
                format!(
                    "groups must be a list of rule groups, found {}",
                    r.kind(other)
                ),
            ))
        }
    };
    let mut names = BTreeSet::new();
    for (gi, group) in groups.iter().enumerate() {
        r.group(&format!("{pointer}/{gi}"), group, &mut names, out)?;
    }
    Ok(())
}

/// The alert with the model selectors and metrics of the recorded series it reads added. One
/// level is followed: what a recording reads through another recording is not added, as rule
/// files of one model rarely chain them and an unresolved name only makes an alert cover less.
pub fn resolve(mut alert: AlertRule, recordings: &[Recording]) -> AlertRule {
    let read = alert.metrics.clone();
    // An alert that selects models itself filters what the recorded series carry: its own
    // matchers are what it fires for. `r{model="other"}` over a series recorded from
    // `base{model="credit-risk-scorer"}` never fires for credit-risk-scorer, so the
    // recording's matchers count only for an alert without any of its own.
    let own_selectors = !alert.model_selectors.is_empty();
    for name in &read {
        for rec in recordings.iter().filter(|r| &r.name == name) {
            for m in rec.model_selectors.iter().filter(|_| !own_selectors) {
                if !alert.model_selectors.contains(m) {
                    alert.model_selectors.push(m.clone());
                }
            }
            for m in &rec.metrics {
                if !alert.metrics.contains(m) {
                    alert.metrics.push(m.clone());
                }
            }
        }
    }
    alert
}

struct Reader<'a> {
    part: Part<'a>,
    format: &'static str,
}

impl Reader<'_> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.part.err(pointer, message)
    }

    fn kind(&self, v: &Value) -> &'static str {
        self.part.kind(v)
    }

    fn group(
        &self,
        gp: &str,
        group: &Value,
        names: &mut BTreeSet<String>,
        out: &mut Loaded,
    ) -> Result<()> {
        let group = self.object(gp, group, "a rule group")?;
        let name = match self.text(gp, group, "name")? {
            Some(n) if !n.is_empty() => n,
            _ => return Err(self.err(gp, "a rule group needs a `name` (a string)")),
        };
        // Prometheus refuses a file that repeats a group name: none of its rules would run.
        if !names.insert(name.clone()) {
            return Err(self.err(
                &format!("{gp}/name"),
                format!(
                    "rule group `{}` is defined twice",
                    crate::formats::excerpt(&name)
                ),
            ));
        }
        let group_labels = self.string_map(&format!("{gp}/labels"), group.get("labels"))?;
        let rules = match group.get("rules") {
            None | Some(Value::Null) => return Ok(()),
            Some(Value::Array(rules)) => rules,
            Some(other) => {
                return Err(self.err(
                    &format!("{gp}/rules"),
                    format!("rules must be a list of rules, found {}", self.kind(other)),
                ))
            }
        };
        for (ri, rule) in rules.iter().enumerate() {
            self.rule(&format!("{gp}/rules/{ri}"), &name, &group_labels, rule, out)?;
        }
        Ok(())
    }

    fn rule(
        &self,
        rp: &str,
        group: &str,
        group_labels: &BTreeMap<String, String>,
        rule: &Value,
        out: &mut Loaded,
    ) -> Result<()> {
        let rule = self.object(rp, rule, "a rule")?;
        let alert = self.text(rp, rule, "alert")?;
        let record = self.text(rp, rule, "record")?;
        let expr = match rule.get("expr") {
            Some(v) => scalar(v),
            None => None,
        };
        let expr = match expr {
            Some(e) if !e.trim().is_empty() => e,
            Some(_) => return Err(self.err(&format!("{rp}/expr"), "expr must not be empty")),
            None if rule.contains_key("expr") => {
                return Err(self.err(
                    &format!("{rp}/expr"),
                    "expr must be a PromQL expression (a string)",
                ))
            }
            None => return Err(self.err(rp, "a rule needs an `expr` (a PromQL expression)")),
        };
        let reads = promql::reads(&expr).map_err(|m| {
            self.err(
                &format!("{rp}/expr"),
                format!("expr is not PromQL Prometheus would load: {m}"),
            )
        })?;
        match (alert, record) {
            (Some(name), None) if !name.is_empty() => {
                let r#for = self.duration(rp, rule, "for")?;
                self.duration(rp, rule, "keep_firing_for")?;
                // Group labels (Prometheus 3) under the rule's own: the rule's value wins.
                let mut labels = group_labels.clone();
                labels.extend(self.string_map(&format!("{rp}/labels"), rule.get("labels"))?);
                let annotations =
                    self.string_map(&format!("{rp}/annotations"), rule.get("annotations"))?;
                out.alerts.push(AlertRule {
                    source: self.part.doc.source(self.format),
                    group: group.to_string(),
                    name,
                    expr,
                    r#for,
                    labels,
                    annotations,
                    model_selectors: reads.model_selectors,
                    metrics: reads.metrics,
                });
            }
            (None, Some(name)) if !name.is_empty() => out.recordings.push(Recording {
                name,
                model_selectors: reads.model_selectors,
                metrics: reads.metrics,
            }),
            (Some(_), Some(_)) => {
                return Err(self.err(rp, "a rule has `alert` or `record`, not both"));
            }
            (Some(_), None) => {
                return Err(self.err(&format!("{rp}/alert"), "alert must not be empty"))
            }
            (None, Some(_)) => {
                return Err(self.err(&format!("{rp}/record"), "record must not be empty"))
            }
            (None, None) => {
                return Err(self.err(
                    rp,
                    "a rule needs `alert` (an alerting rule) or `record` (a recording rule)",
                ))
            }
        }
        Ok(())
    }

    fn object<'v>(&self, p: &str, v: &'v Value, what: &str) -> Result<&'v Map<String, Value>> {
        v.as_object().ok_or_else(|| {
            self.part
                .wrong_value(p, &format!("{what} (a mapping)"), Some(v))
        })
    }

    /// An optional string field; null is absent.
    fn text(&self, p: &str, m: &Map<String, Value>, key: &str) -> Result<Option<String>> {
        let p = format!("{p}/{}", token(key));
        Ok(self
            .part
            .typed(m.get(key), &p, "a string", Value::as_str)?
            .map(str::to_string))
    }

    /// Labels or annotations: a mapping of scalars, read as text as Prometheus' YAML reader
    /// does (`priority: 1` is the label value `1`).
    fn string_map(&self, p: &str, v: Option<&Value>) -> Result<BTreeMap<String, String>> {
        let m = match v {
            None | Some(Value::Null) => return Ok(BTreeMap::new()),
            Some(Value::Object(m)) => m,
            Some(other) => {
                return Err(self.err(
                    p,
                    format!(
                        "expected a mapping of names to strings, found {}",
                        self.kind(other)
                    ),
                ))
            }
        };
        let mut out = BTreeMap::new();
        for (k, v) in m {
            match scalar(v) {
                Some(s) => {
                    out.insert(k.clone(), s);
                }
                None => {
                    return Err(self.part.wrong_value(
                        &format!("{p}/{}", token(k)),
                        "a string",
                        Some(v),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// An optional Prometheus duration (`30m`, `1h30m`, `0`), as written.
    fn duration(&self, p: &str, m: &Map<String, Value>, key: &str) -> Result<Option<String>> {
        let v = match m.get(key) {
            None | Some(Value::Null) => return Ok(None),
            Some(v) => v,
        };
        match scalar(v) {
            Some(s) if is_duration(&s) => Ok(Some(s)),
            _ => Err(self.part.wrong_value(
                &format!("{p}/{}", token(key)),
                "a Prometheus duration such as `5m` or `1h30m`",
                Some(v),
            )),
        }
    }
}

/// A string, number or boolean as text (a `PrometheusRule`'s `expr` is IntOrString).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Prometheus' duration syntax: units `y w d h m s ms`, each at most once, largest first, or `0`.
fn is_duration(s: &str) -> bool {
    const UNITS: [&str; 7] = ["y", "w", "d", "h", "m", "s", "ms"];
    if s == "0" {
        return true;
    }
    let mut rest = s;
    let mut last: Option<usize> = None;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = if rest.starts_with("ms") {
            "ms"
        } else {
            match rest.get(..1) {
                Some(u) => u,
                None => return false,
            }
        };
        let Some(i) = UNITS.iter().position(|u| *u == unit) else {
            return false;
        };
        if last.is_some_and(|l| i <= l) {
            return false;
        }
        last = Some(i);
        rest = &rest[unit.len()..];
    }
    last.is_some()
}

pub mod promql {
    //! A PromQL tokenizer and what it reads from an expression: the `model` label matchers
    //! and the metric names. See the parent module for why it is no parser.

    use crate::error::excerpt;
    use crate::input::LabelMatcher;

    /// A PromQL token. Comments and whitespace are dropped.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Token {
        /// A metric, label, function or keyword name.
        Ident(String),
        /// A string literal, unescaped.
        Str(String),
        /// A number or duration (`0.3`, `1e-3`, `0x1f`, `5m`, `Inf`).
        Number,
        /// An operator or bracket.
        Op(&'static str),
    }

    /// What an expression reads.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Reads {
        /// Every `model` matcher, each once, in order.
        pub model_selectors: Vec<LabelMatcher>,
        /// Metric names: before `{`, standalone, or `__name__="x"` / a quoted name in braces.
        pub metrics: Vec<String>,
    }

    /// Keywords (case-insensitive in PromQL) that are never metric names.
    const KEYWORDS: &[&str] = &[
        "avg",
        "bottomk",
        "count",
        "count_values",
        "group",
        "limitk",
        "limit_ratio",
        "max",
        "min",
        "quantile",
        "stddev",
        "stdvar",
        "sum",
        "topk",
        "and",
        "or",
        "unless",
        "atan2",
        "bool",
        "offset",
        "start",
        "end",
        "inf",
        "nan",
    ];

    /// Keywords followed by a parenthesised list of label names, not of expressions.
    const GROUPING: &[&str] = &[
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
    ];

    const MATCH_OPS: &[&str] = &["=", "!=", "=~", "!~"];

    /// The `model` matchers and metric names of `expr`, or why it is not PromQL.
    pub fn reads(expr: &str) -> Result<Reads, String> {
        let toks = tokenize(expr)?;
        let mut r = Reads::default();
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            let next = toks.get(i + 1);
            let before_paren = next == Some(&Token::Op("("));
            match t {
                Token::Ident(name) => {
                    let lower = name.to_ascii_lowercase();
                    if GROUPING.contains(&lower.as_str()) && before_paren {
                        i = skip_group(&toks, i + 1);
                        continue;
                    }
                    // A name before `(` is a function or an aggregation: a metric name cannot
                    // be followed by one.
                    if !KEYWORDS.contains(&lower.as_str())
                        && !GROUPING.contains(&lower.as_str())
                        && !before_paren
                    {
                        push(&mut r.metrics, name.clone());
                    }
                    i += 1;
                }
                Token::Op("{") => i = selector(&toks, i, &mut r)?,
                // Ranges and subqueries hold durations only.
                Token::Op("[") => i = skip_group(&toks, i),
                _ => i += 1,
            }
        }
        Ok(r)
    }

    fn push<T: PartialEq>(v: &mut Vec<T>, x: T) {
        if !v.contains(&x) {
            v.push(x);
        }
    }

    /// The index after the bracket that closes the one at `open`.
    fn skip_group(toks: &[Token], open: usize) -> usize {
        let mut depth = 0usize;
        for (i, t) in toks.iter().enumerate().skip(open) {
            match t {
                Token::Op("(" | "[" | "{") => depth += 1,
                Token::Op(")" | "]" | "}") => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
        }
        toks.len()
    }

    /// Reads the label matchers of the `{` at `open`; returns the index after its `}`.
    fn selector(toks: &[Token], open: usize, r: &mut Reads) -> Result<usize, String> {
        let mut i = open + 1;
        loop {
            let (label, quoted) = match toks.get(i) {
                Some(Token::Op("}")) => return Ok(i + 1),
                Some(Token::Op(",")) => {
                    i += 1;
                    continue;
                }
                Some(Token::Ident(l)) => (l, false),
                Some(Token::Str(l)) => (l, true),
                Some(t) => return Err(format!("unexpected {} in a label selector", show(t))),
                None => return Err("unclosed label selector".to_string()),
            };
            let op = match toks.get(i + 1) {
                Some(Token::Op(op)) if MATCH_OPS.contains(op) => *op,
                // PromQL 3: a quoted name alone in braces is the metric name.
                _ if quoted => {
                    push(&mut r.metrics, label.clone());
                    i += 1;
                    continue;
                }
                _ => {
                    return Err(format!(
                        "label `{}` needs a matcher (=, !=, =~, !~) and a quoted value",
                        excerpt(label)
                    ))
                }
            };
            let value = match toks.get(i + 2) {
                Some(Token::Str(v)) => v,
                _ => {
                    return Err(format!(
                        "label `{}{op}` needs a quoted value",
                        excerpt(label)
                    ))
                }
            };
            // Prometheus refuses a rule whose regular expression does not compile, so such a
            // rule never runs; the policies would otherwise fail on it, or in OPA not match.
            if op.ends_with('~') {
                if let Err(e) = regex::Regex::new(&format!("^(?:{value})$")) {
                    return Err(format!(
                        "label `{}{op}\"{}\"`: not a regular expression: {}",
                        excerpt(label),
                        excerpt(value),
                        excerpt(&e.to_string())
                    ));
                }
            }
            if label == "model" {
                push(
                    &mut r.model_selectors,
                    LabelMatcher {
                        op: op.to_string(),
                        value: value.clone(),
                    },
                );
            } else if label == "__name__" && op == "=" {
                push(&mut r.metrics, value.clone());
            }
            i += 3;
        }
    }

    fn show(t: &Token) -> String {
        match t {
            Token::Ident(s) => format!("`{}`", excerpt(s)),
            Token::Str(_) => "a string".to_string(),
            Token::Number => "a number".to_string(),
            Token::Op(op) => format!("`{op}`"),
        }
    }

    fn is_ident_start(c: char) -> bool {
        c.is_ascii_alphabetic() || c == '_'
    }

    fn is_ident(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '_' || c == ':'
    }

    /// Splits `expr` into tokens as Prometheus' lexer does; an error for what it would refuse.
    pub fn tokenize(expr: &str) -> Result<Vec<Token>, String> {
        let c: Vec<char> = expr.chars().collect();
        let mut out = Vec::new();
        // The closing brackets expected, innermost last.
        let mut open: Vec<char> = Vec::new();
        let mut i = 0;
        while let Some(&ch) = c.get(i) {
            let next = c.get(i + 1).copied();
            match ch {
                _ if ch.is_whitespace() => i += 1,
                '#' => {
                    while c.get(i).is_some_and(|&x| x != '\n') {
                        i += 1;
                    }
                }
                '"' | '\'' | '`' => {
                    let (s, end) = string(&c, i)?;
                    out.push(Token::Str(s));
                    i = end;
                }
                // `:` starts a name (recorded series `job:rate:5m`) outside a range or
                // subquery, where it separates durations.
                _ if is_ident_start(ch) || (ch == ':' && open.last() != Some(&']')) => {
                    let start = i;
                    while c.get(i).is_some_and(|&x| is_ident(x)) {
                        i += 1;
                    }
                    let word: String = c[start..i].iter().collect();
                    let lower = word.to_ascii_lowercase();
                    out.push(if lower == "inf" || lower == "nan" {
                        Token::Number
                    } else {
                        Token::Ident(word)
                    });
                }
                _ if ch.is_ascii_digit()
                    || (ch == '.' && next.is_some_and(|n| n.is_ascii_digit())) =>
                {
                    // Numbers, hex, exponents and durations (`5m`, `1h30m`): never a name.
                    while c
                        .get(i)
                        .is_some_and(|&x| x.is_ascii_alphanumeric() || x == '_' || x == '.')
                    {
                        i += 1;
                    }
                    out.push(Token::Number);
                }
                '(' | '[' | '{' => {
                    open.push(match ch {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    });
                    out.push(Token::Op(match ch {
                        '(' => "(",
                        '[' => "[",
                        _ => "{",
                    }));
                    i += 1;
                }
                ')' | ']' | '}' => {
                    if open.pop() != Some(ch) {
                        return Err(format!("unbalanced `{ch}`"));
                    }
                    out.push(Token::Op(match ch {
                        ')' => ")",
                        ']' => "]",
                        _ => "}",
                    }));
                    i += 1;
                }
                _ => {
                    let two = match (ch, next) {
                        ('!', Some('=')) => Some("!="),
                        ('!', Some('~')) => Some("!~"),
                        ('=', Some('~')) => Some("=~"),
                        ('=', Some('=')) => Some("=="),
                        ('<', Some('=')) => Some("<="),
                        ('>', Some('=')) => Some(">="),
                        _ => None,
                    };
                    if let Some(op) = two {
                        out.push(Token::Op(op));
                        i += 2;
                        continue;
                    }
                    let one = match ch {
                        '=' => "=",
                        '<' => "<",
                        '>' => ">",
                        '+' => "+",
                        '-' => "-",
                        '*' => "*",
                        '/' => "/",
                        '%' => "%",
                        '^' => "^",
                        '@' => "@",
                        ',' => ",",
                        ':' => ":",
                        _ => return Err(format!("unexpected character `{ch}`")),
                    };
                    out.push(Token::Op(one));
                    i += 1;
                }
            }
        }
        match open.last() {
            Some(close) => Err(format!("unclosed bracket, `{close}` missing")),
            None => Ok(out),
        }
    }

    /// The string starting at the quote `c[start]`, unescaped, and the index after it.
    /// Backticks are raw; single and double quotes take Go's escapes and end at the line.
    fn string(c: &[char], start: usize) -> Result<(String, usize), String> {
        let quote = c.get(start).copied().unwrap_or('"');
        let mut bytes: Vec<u8> = Vec::new();
        let mut i = start + 1;
        let mut buf = [0u8; 4];
        loop {
            let Some(&ch) = c.get(i) else {
                return Err("unterminated string".to_string());
            };
            i += 1;
            if ch == quote {
                break;
            }
            if quote != '`' && ch == '\n' {
                return Err("unterminated quoted string (a newline inside it)".to_string());
            }
            if quote == '`' || ch != '\\' {
                bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                continue;
            }
            let Some(&e) = c.get(i) else {
                return Err("unterminated string".to_string());
            };
            i += 1;
            let simple = match e {
                'a' => Some(0x07),
                'b' => Some(0x08),
                'f' => Some(0x0c),
                'n' => Some(b'\n'),
                'r' => Some(b'\r'),
                't' => Some(b'\t'),
                'v' => Some(0x0b),
                '\\' => Some(b'\\'),
                _ if e == quote => Some(e as u8),
                _ => None,
            };
            if let Some(b) = simple {
                bytes.push(b);
                continue;
            }
            let (digits, radix) = match e {
                '0'..='7' => (3, 8),
                'x' => (2, 16),
                'u' => (4, 16),
                'U' => (8, 16),
                _ => return Err(format!("unknown escape `\\{e}` in a string")),
            };
            // An octal escape's first digit is `e` itself.
            let from = if radix == 8 { i - 1 } else { i };
            let text: String = c
                .get(from..from + digits)
                .unwrap_or_default()
                .iter()
                .collect();
            let value = match u32::from_str_radix(&text, radix) {
                Ok(v) if text.len() == digits && text.chars().all(|d| d.is_digit(radix)) => v,
                _ => return Err(format!("bad escape `\\{e}` in a string")),
            };
            i = from + digits;
            match e {
                '0'..='7' | 'x' => match u8::try_from(value) {
                    Ok(b) => bytes.push(b),
                    Err(_) => return Err("octal escape above \\377 in a string".to_string()),
                },
                _ => match char::from_u32(value) {
                    Some(ch) => bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes()),
                    None => return Err("escape of an invalid code point in a string".to_string()),
                },
            }
        }
        Ok((String::from_utf8_lossy(&bytes).into_owned(), i))
    }
}

#[cfg(test)]
mod tests;
