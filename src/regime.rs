//! Legal regimes and the dates they apply from. Each rule names its regime in its METADATA
//! (`regime`, `effective_from`, `until`); `--data` can move a regime's dates
//! (`modelgate.params.regimes.<id>.effective_from` / `until`, e.g. a postponement); at decision
//! time a deny of a rule whose regime is not yet in force only warns, and a finding of a regime
//! that has ended is off. Reports name the regimes in force at the decision time.

use crate::error::{Error, Location, Result};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A body of law or policy a rule enforces, with its default dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regime {
    pub id: &'static str,
    pub title: &'static str,
    /// First day the obligations apply (YYYY-MM-DD); `None`: organisational policy, always.
    pub effective_from: Option<&'static str>,
    /// First day they no longer apply, where the regime ends.
    pub until: Option<&'static str>,
    /// Where the dates come from; "unverified" where the text itself was not read.
    pub source: &'static str,
}

/// The built-in regimes. A date the legal review could not verify against the text is still a
/// default here only because `--data` can move it; its source says so.
pub const REGIMES: &[Regime] = &[
    Regime {
        id: "baseline",
        title: "Organisational policy (ISO/IEC 42001, NIST AI RMF, NIST SSDF, SLSA, NTIA SBOM minimum elements; AI Act articles cited as the high-risk reference)",
        effective_from: None,
        until: None,
        source: "the organisation's own policy: in force whenever the gate runs",
    },
    Regime {
        id: "gdpr",
        title: "GDPR (Regulation (EU) 2016/679)",
        effective_from: Some("2018-05-25"),
        until: None,
        source: "GDPR Art. 99(2)",
    },
    Regime {
        id: "eu-ai-act-prohibitions",
        title: "EU AI Act Art. 5 prohibited practices",
        effective_from: Some("2025-02-02"),
        until: None,
        source: "EU AI Act Art. 113(a)",
    },
    Regime {
        id: "eu-ai-act-prohibitions-omnibus",
        title: "EU AI Act Art. 5 bans added by the Digital Omnibus on AI (non-consensual intimate imagery, child sexual abuse material)",
        effective_from: Some("2026-12-02"),
        until: None,
        source: "Digital Omnibus on AI, adopted by the Parliament (16 Jun 2026) and the Council (29 Jun 2026); Official Journal reference unverified",
    },
    Regime {
        id: "eu-ai-act-gpai",
        title: "EU AI Act Chapter V, general-purpose AI models (Art. 53, 55)",
        effective_from: Some("2025-08-02"),
        until: None,
        source: "EU AI Act Art. 113(b); models placed on the market before 2 Aug 2025 by 2 Aug 2027 (Art. 111(3))",
    },
    Regime {
        id: "eu-ai-act-transparency",
        title: "EU AI Act Art. 50 transparency obligations",
        effective_from: Some("2026-08-02"),
        until: None,
        source: "EU AI Act Art. 113, not moved by the Digital Omnibus (Art. 50(2) marking for systems already on the market: 2 Dec 2026)",
    },
    Regime {
        id: "eu-ai-act-high-risk",
        title: "EU AI Act obligations for high-risk AI systems of Annex III (Chapter III)",
        effective_from: Some("2027-12-02"),
        until: None,
        source: "Digital Omnibus on AI, moving Art. 113's 2 Aug 2026 (adopted June 2026; Official Journal reference unverified)",
    },
    Regime {
        id: "ccpa",
        title: "CCPA as amended by the CPRA (Cal. Civ. Code 1798.100 ff.)",
        effective_from: Some("2023-01-01"),
        until: None,
        source: "CPRA operative date (Proposition 24)",
    },
    Regime {
        id: "ccpa-risk-assessment",
        title: "CPPA regulations on risk assessments (11 CCR § 7150 ff.)",
        effective_from: Some("2026-01-01"),
        until: None,
        source: "approved by OAL in September 2025, effective 1 Jan 2026; due before new processing (§ 7155(a)(1))",
    },
    Regime {
        id: "ccpa-admt",
        title: "CPPA regulations on automated decisionmaking technology (11 CCR § 7200 ff.)",
        effective_from: Some("2027-01-01"),
        until: None,
        source: "11 CCR § 7200(b): compliance no later than 1 Jan 2027",
    },
    Regime {
        id: "ca-ab2013",
        title: "California AB 2013, generative AI training data transparency (Civ. Code § 3111)",
        effective_from: Some("2026-01-01"),
        until: None,
        source: "Civ. Code § 3111: documentation posted on or before 1 Jan 2026",
    },
];

/// The built-in regime `id`.
pub fn builtin(id: &str) -> Option<&'static Regime> {
    REGIMES.iter().find(|r| r.id == id)
}

/// Parses a YYYY-MM-DD date of a METADATA block or a parameter.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::time::parse_day(s)
}

/// Whether a regime applies on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InForce {
    Yes,
    /// Applies from this day.
    NotYet(NaiveDate),
    /// Ended on this day.
    Ended(NaiveDate),
}

/// A regime as a report shows it: its dates (after parameters) and whether it applied at the
/// decision time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegimeStatus {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Where the dates come from; `--data` when a parameter moved them.
    pub source: String,
    /// In force at the decision time.
    pub in_force: bool,
    /// Rules of the run that belong to it.
    pub rules: usize,
}

/// The dates of every regime of a policy set: the built-in table, regimes that `--policy`
/// rules declare themselves, and the moves of `modelgate.params.regimes`.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    regimes: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Default)]
struct Entry {
    title: String,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    source: String,
}

impl Calendar {
    /// The calendar of `rules` (their METADATA) with the moves `data` makes. Dates were
    /// validated when the rules and data were read ([`check_moves`]).
    pub fn new(rules: &[crate::policy::RuleMeta], data: &[serde_json::Value]) -> Calendar {
        let mut regimes: BTreeMap<String, Entry> = REGIMES
            .iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    Entry {
                        title: r.title.to_string(),
                        from: r.effective_from.and_then(parse_date),
                        until: r.until.and_then(parse_date),
                        source: r.source.to_string(),
                    },
                )
            })
            .collect();
        for r in rules {
            let Some(id) = &r.regime else { continue };
            regimes.entry(id.clone()).or_insert_with(|| Entry {
                title: id.clone(),
                from: r.effective_from.as_deref().and_then(parse_date),
                until: r.until.as_deref().and_then(parse_date),
                source: format!("METADATA of {}", r.id),
            });
        }
        for doc in data {
            let Some(moves) = doc
                .pointer("/modelgate/params/regimes")
                .and_then(|v| v.as_object())
            else {
                continue;
            };
            for (id, m) in moves {
                let e = regimes.entry(id.clone()).or_insert_with(|| Entry {
                    title: id.clone(),
                    ..Entry::default()
                });
                let mut moved = false;
                if let Some(d) = m.get("effective_from").and_then(|v| v.as_str()) {
                    e.from = parse_date(d);
                    moved = true;
                }
                if let Some(d) = m.get("until").and_then(|v| v.as_str()) {
                    e.until = parse_date(d);
                    moved = true;
                }
                if moved {
                    e.source = "moved by --data (modelgate.params.regimes)".to_string();
                }
            }
        }
        Calendar { regimes }
    }

    /// Whether `regime` applies on `day`; an unknown or absent regime always applies.
    pub fn in_force(&self, regime: Option<&str>, day: NaiveDate) -> InForce {
        let Some(e) = regime.and_then(|r| self.regimes.get(r)) else {
            return InForce::Yes;
        };
        match (e.from, e.until) {
            (Some(from), _) if day < from => InForce::NotYet(from),
            (_, Some(until)) if day >= until => InForce::Ended(until),
            _ => InForce::Yes,
        }
    }

    pub fn title<'a>(&'a self, regime: &'a str) -> &'a str {
        self.regimes
            .get(regime)
            .map_or(regime, |e| e.title.as_str())
    }

    /// The regimes `rules` belong to, as of `day`, in the table's order.
    pub fn statuses(&self, rules: &[crate::policy::RuleMeta], day: NaiveDate) -> Vec<RegimeStatus> {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for r in rules {
            *count
                .entry(r.regime.as_deref().unwrap_or("baseline"))
                .or_default() += 1;
        }
        let order = |id: &str| {
            REGIMES
                .iter()
                .position(|r| r.id == id)
                .unwrap_or(usize::MAX)
        };
        let mut ids: Vec<&str> = count.keys().copied().collect();
        ids.sort_by_key(|id| (order(id), id.to_string()));
        ids.into_iter()
            .filter_map(|id| {
                let e = self.regimes.get(id)?;
                Some(RegimeStatus {
                    id: id.to_string(),
                    title: e.title.clone(),
                    effective_from: e.from.map(|d| d.to_string()),
                    until: e.until.map(|d| d.to_string()),
                    source: e.source.clone(),
                    in_force: self.in_force(Some(id), day) == InForce::Yes,
                    rules: count.get(id).copied().unwrap_or(0),
                })
            })
            .collect()
    }
}

/// Checks the regime moves of a `--data` document: each names an object whose
/// `effective_from` and `until` are YYYY-MM-DD dates.
pub fn check_moves(path: &std::path::Path, doc: &serde_json::Value) -> Result<()> {
    let Some(moves) = doc.pointer("/modelgate/params/regimes") else {
        return Ok(());
    };
    let bad =
        |pointer: String, msg: String| Err(Error::format(path, Location::pointer(pointer), msg));
    let Some(moves) = moves.as_object() else {
        return bad(
            "/modelgate/params/regimes".into(),
            "`regimes` must map regime ids to {effective_from, until}".into(),
        );
    };
    for (id, m) in moves {
        let at = format!("/modelgate/params/regimes/{id}");
        let Some(m) = m.as_object() else {
            return bad(
                at,
                "must be an object with effective_from and/or until".into(),
            );
        };
        for (k, v) in m {
            if k != "effective_from" && k != "until" {
                return bad(
                    format!("{at}/{k}"),
                    format!(
                        "unknown key `{}`: expected effective_from or until",
                        crate::error::excerpt(k)
                    ),
                );
            }
            if v.as_str().is_none_or(|s| parse_date(s).is_none()) {
                return bad(
                    format!("{at}/{k}"),
                    format!(
                        "{} is not a YYYY-MM-DD date",
                        crate::error::excerpt(&v.to_string())
                    ),
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, regime: Option<&str>) -> crate::policy::RuleMeta {
        crate::policy::RuleMeta {
            id: id.into(),
            title: id.into(),
            description: String::new(),
            severity: crate::policy::Severity::High,
            controls: vec!["x".into()],
            remediation: "x".into(),
            package: "data.modelgate.x".into(),
            level: crate::policy::Level::Deny,
            file: "x.rego".into(),
            line: 1,
            regime: regime.map(str::to_string),
            effective_from: None,
            until: None,
        }
    }

    #[test]
    fn builtin_dates_parse_and_are_ordered() {
        for r in REGIMES {
            if let Some(f) = r.effective_from {
                assert!(parse_date(f).is_some(), "{}: {f}", r.id);
            }
            if let (Some(f), Some(u)) = (r.effective_from, r.until) {
                assert!(parse_date(f) < parse_date(u), "{}", r.id);
            }
        }
    }

    #[test]
    fn a_regime_applies_from_its_date_and_data_can_move_it() {
        let rules = [rule("a", Some("eu-ai-act-high-risk"))];
        let day = |s| parse_date(s).unwrap();
        let c = Calendar::new(&rules, &[]);
        assert_eq!(
            c.in_force(Some("eu-ai-act-high-risk"), day("2027-12-01")),
            InForce::NotYet(day("2027-12-02"))
        );
        assert_eq!(
            c.in_force(Some("eu-ai-act-high-risk"), day("2027-12-02")),
            InForce::Yes
        );
        assert_eq!(
            c.in_force(Some("baseline"), day("1990-01-01")),
            InForce::Yes
        );
        assert_eq!(c.in_force(None, day("1990-01-01")), InForce::Yes);
        // A postponement and an end, by parameter.
        let data = serde_json::json!({"modelgate": {"params": {"regimes": {
            "eu-ai-act-high-risk": {"effective_from": "2028-08-02"},
            "gdpr": {"until": "2030-01-01"}
        }}}});
        let c = Calendar::new(&rules, &[data]);
        assert_eq!(
            c.in_force(Some("eu-ai-act-high-risk"), day("2028-01-01")),
            InForce::NotYet(day("2028-08-02"))
        );
        assert_eq!(
            c.in_force(Some("gdpr"), day("2030-01-01")),
            InForce::Ended(day("2030-01-01"))
        );
        let s = c.statuses(&rules, day("2028-01-01"));
        assert_eq!(s.len(), 1);
        assert!(!s[0].in_force);
        assert!(s[0].source.contains("--data"));
    }

    #[test]
    fn malformed_moves_are_located_errors() {
        let p = std::path::Path::new("d.json");
        for (doc, want) in [
            (
                serde_json::json!({"modelgate": {"params": {"regimes": []}}}),
                "/modelgate/params/regimes",
            ),
            (
                serde_json::json!({"modelgate": {"params": {"regimes": {"gdpr": {"effective_from": "2 Aug"}}}}}),
                "/modelgate/params/regimes/gdpr/effective_from",
            ),
            (
                serde_json::json!({"modelgate": {"params": {"regimes": {"gdpr": {"from": "2026-01-01"}}}}}),
                "/modelgate/params/regimes/gdpr/from",
            ),
        ] {
            let e = check_moves(p, &doc).unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
        }
        let ok = serde_json::json!({"modelgate": {"params": {"regimes": {"gdpr": {"until": "2040-01-01"}}}}});
        assert!(check_moves(p, &ok).is_ok());
    }
}
