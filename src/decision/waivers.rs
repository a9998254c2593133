//! Waivers: matching them to findings, and the findings modelgate makes about waivers that
//! expired, matched nothing, are not signed or run too long.

use super::own::{run_finding, WAIVER_EXPIRED, WAIVER_TOO_LONG, WAIVER_UNSIGNED, WAIVER_UNUSED};
use super::{AppliedWaiver, Finding, FindingLocation, Selection};
use crate::config::Config;
use chrono::NaiveDate;

/// Matches `f` against every waiver; the last valid one wins, an expired one is kept as such so
/// the report says why the finding blocks again.
pub(super) fn apply_waivers(
    f: &mut Finding,
    config: &Config,
    release: Option<&str>,
    today: NaiveDate,
    used: &mut [usize],
) {
    for (i, w) in config.waivers.iter().enumerate() {
        let target_ok = match (&w.target, &f.target) {
            (None, _) => true,
            (Some(p), Some(t)) => crate::config::glob_match(p, t),
            (Some(_), None) => false,
        };
        let release_ok = w.release.as_deref().is_none_or(|r| Some(r) == release);
        if w.rule != f.rule_id || !target_ok || !release_ok {
            continue;
        }
        used[i] += 1;
        // Reported once per waiver by waiver_findings; the finding keeps its level.
        if !w.trusted() || too_long(w, config, today) {
            continue;
        }
        let expired = w.expiry().is_none_or(|d| today > d);
        if f.waiver
            .as_ref()
            .is_none_or(|prev| prev.expired || !expired)
        {
            f.waiver = Some(AppliedWaiver {
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires: w.expires.clone(),
                expired,
                source: w.file.as_ref().map(|file| match w.line {
                    Some(l) => format!("{file}:{l}"),
                    None => file.clone(),
                }),
            });
        }
    }
}

/// The waiver runs past `limits.maxWaiverDays` from the decision date.
fn too_long(w: &crate::config::Waiver, config: &Config, today: NaiveDate) -> bool {
    let max = i64::try_from(config.limits.max_waiver_days).unwrap_or(i64::MAX);
    w.expiry().is_some_and(|d| (d - today).num_days() > max)
}

/// Findings about waivers: not trusted (unsigned where signatures are required), running past
/// the longest allowed lifetime, expired ones that still matched, and ones that matched nothing.
pub fn waiver_findings(
    config: &Config,
    today: NaiveDate,
    used: &[usize],
    selection: Selection,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, w) in config.waivers.iter().enumerate() {
        let expired = w.expiry().is_none_or(|d| today > d);
        let (id, title, message) = if let crate::config::Signed::Invalid(why) = &w.signed {
            (
                WAIVER_UNSIGNED,
                "Waiver is not signed by a waiver key",
                format!(
                    "waiver for {} ({}) approved by {} does not apply: {why}",
                    w.rule,
                    w.target.as_deref().unwrap_or("any target"),
                    w.approved_by
                ),
            )
        } else if too_long(w, config, today) {
            (
                WAIVER_TOO_LONG,
                "Waiver runs past the longest allowed lifetime",
                format!(
                    "waiver for {} approved by {} expires {}, more than {} days (limits.maxWaiverDays) after {today}: it does not apply",
                    w.rule, w.approved_by, w.expires, config.limits.max_waiver_days
                ),
            )
        } else if used[i] == 0 {
            (
                WAIVER_UNUSED,
                "Waiver matches no finding",
                format!(
                    "waiver for {} ({}) matched no finding: remove it or fix its rule/target",
                    w.rule,
                    w.target.as_deref().unwrap_or("any target")
                ),
            )
        } else if expired {
            (
                WAIVER_EXPIRED,
                "Waiver has expired",
                format!("waiver for {} approved by {} expired on {}: the findings it covered block again", w.rule, w.approved_by, w.expires),
            )
        } else {
            continue;
        };
        // A waiver for a bundle this run did not judge matched nothing here, and says nothing.
        if id == WAIVER_UNUSED && selection == Selection::Changed {
            continue;
        }
        out.push(run_finding(
            config,
            id,
            title,
            message,
            "Renew the waiver with a new approval and date (signed by a waiver key where required), fix the finding, or delete the waiver.",
            FindingLocation {
                file: w.file.clone(),
                line: w.line,
                ..FindingLocation::default()
            },
            Some(w.rule.clone()),
        ));
    }
    out
}
