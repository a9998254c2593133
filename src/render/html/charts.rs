//! Charts of the audit report: geometry in SVG user units, computed here so that the
//! templates only draw (the per-area bar chart and the robustness curves).

use super::*;

/// The policy area of a package: `data.modelgate.gdpr` → `gdpr`.
pub(super) fn area_of(package: &str) -> String {
    let p = package.strip_prefix("data.").unwrap_or(package);
    p.strip_prefix("modelgate.").unwrap_or(p).to_string()
}

#[derive(Serialize)]
pub(super) struct AreaChart {
    width: u32,
    height: u32,
    legend: Vec<LegendItem>,
    rows: Vec<AreaRow>,
    bar_x: u32,
    bar_w: u32,
    /// Area names are right-aligned here, before the bars.
    label_x: u32,
}

#[derive(Serialize)]
pub(super) struct LegendItem {
    x: u32,
    text_x: u32,
    class: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
pub(super) struct AreaRow {
    area: String,
    y: u32,
    text_y: u32,
    total: usize,
    total_x: String,
    segments: Vec<Segment>,
    summary: String,
}

#[derive(Serialize)]
pub(super) struct Segment {
    x: String,
    width: String,
    class: &'static str,
    count: usize,
    /// The count is drawn inside the segment only where it fits.
    label_x: Option<String>,
    title: String,
}

pub(super) const STATES: [(&str, &str); 4] = [
    ("passed", "passed"),
    ("warned", "warning"),
    ("waived", "waived"),
    ("failed", "failed"),
];

/// Per policy area, the rules that passed, only warned, were waived or failed for bundle `b`.
pub(super) fn area_chart(report: &Report, b: &BundleReport) -> AreaChart {
    // area → rule id → state index into STATES (the worst finding of the rule decides).
    let mut areas: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in &report.rules {
        areas
            .entry(area_of(&r.package))
            .or_default()
            .insert(r.id.clone(), 0);
    }
    if b.verdict != Verdict::Error {
        for f in &b.findings {
            let state = match f.status() {
                FindingStatus::Blocking | FindingStatus::WaiverExpired => 3,
                FindingStatus::Waived => 2,
                FindingStatus::Warning | FindingStatus::Off => 1,
            };
            let rules = areas.entry(area_of(&f.package)).or_default();
            let s = rules.entry(f.rule_id.clone()).or_insert(0);
            // Worst wins: failed over waived over warned over passed.
            *s = (*s).max(state);
        }
    }
    const BAR_X: f64 = 130.0;
    const BAR_W: f64 = 470.0;
    const ROW_H: u32 = 26;
    const TOP: u32 = 34;
    let max = areas.values().map(BTreeMap::len).max().unwrap_or(0).max(1) as f64;
    let mut rows = Vec::new();
    for (i, (area, rules)) in areas.iter().enumerate() {
        let y = TOP + i as u32 * ROW_H;
        let mut counts = [0usize; 4];
        for s in rules.values() {
            counts[*s] += 1;
        }
        let mut x = BAR_X;
        let mut segments = Vec::new();
        for (k, (class, label)) in STATES.iter().enumerate() {
            let n = counts[k];
            if n == 0 {
                continue;
            }
            let w = n as f64 / max * BAR_W;
            segments.push(Segment {
                x: fmt1(x),
                width: fmt1(w),
                class,
                count: n,
                label_x: (w >= 16.0).then(|| fmt1(x + w / 2.0)),
                title: format!("{area}: {n} {label}"),
            });
            x += w;
        }
        let summary = STATES
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|((_, label), n)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(AreaRow {
            area: area.clone(),
            y,
            text_y: y + 15,
            total: rules.len(),
            total_x: fmt1(x + 8.0),
            segments,
            summary,
        });
    }
    let legend = STATES
        .iter()
        .enumerate()
        .map(|(i, (class, label))| {
            let x = BAR_X as u32 + i as u32 * 96;
            LegendItem {
                x,
                text_x: x + 17,
                class,
                label,
            }
        })
        .collect();
    AreaChart {
        width: 720,
        height: TOP + rows.len() as u32 * ROW_H + 4,
        legend,
        rows,
        bar_x: BAR_X as u32,
        bar_w: BAR_W as u32,
        label_x: BAR_X as u32 - 10,
    }
}

#[derive(Serialize)]
pub(super) struct LineChart {
    title: String,
    width: u32,
    height: u32,
    /// Plot area.
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
    x_ticks: Vec<Tick>,
    y_ticks: Vec<Tick>,
    /// Where tick labels and axis titles go.
    y_tick_x: u32,
    x_tick_end: u32,
    x_tick_y: u32,
    x_label: String,
    x_label_x: u32,
    x_label_y: u32,
    /// In the rotated frame of the y axis title.
    y_label_x: String,
    legend_x: u32,
    legend_line_end: u32,
    legend_text_x: u32,
    caption: String,
    /// The clean accuracy all series start from, as a dashed reference line.
    clean: Option<Reference>,
    series: Vec<Series>,
}

#[derive(Serialize)]
pub(super) struct Tick {
    pos: String,
    label: String,
}

#[derive(Serialize)]
pub(super) struct Reference {
    y: String,
    /// Right of the plot, where no point label can cover it.
    label_x: u32,
    label: String,
}

#[derive(Serialize)]
pub(super) struct Series {
    label: String,
    class: String,
    points: String,
    markers: Vec<Marker>,
    legend_y: u32,
}

#[derive(Serialize)]
pub(super) struct Marker {
    x: String,
    y: String,
    label: String,
    label_y: String,
    /// `text-anchor` of the label: kept inside the plot at its edges.
    anchor: &'static str,
    title: String,
}

/// Robust accuracy against the attack budget epsilon, one chart per norm (budgets of different
/// norms are not on one scale), one line per attack starting from the clean accuracy at ε = 0.
pub(super) fn robustness_charts(results: &[Robustness]) -> Vec<LineChart> {
    // norm → attack label → points (epsilon, accuracy, clean accuracy)
    type Points = Vec<(f64, f64, Option<f64>)>;
    let mut norms: BTreeMap<String, BTreeMap<String, Points>> = BTreeMap::new();
    let several = results.len() > 1;
    for r in results {
        for a in &r.attacks {
            let (Some(eps), Some(acc)) = (a.epsilon, a.robust_accuracy) else {
                continue;
            };
            if !eps.is_finite() || !acc.is_finite() || eps < 0.0 {
                continue;
            }
            let norm = a.norm.clone().unwrap_or_else(|| "unspecified".into());
            let label = if several {
                format!("{} ({})", a.name, r.source.path)
            } else {
                a.name.clone()
            };
            let clean = a
                .clean_accuracy
                .or(r.clean_accuracy)
                .filter(|c| c.is_finite());
            norms
                .entry(norm)
                .or_default()
                .entry(label)
                .or_default()
                .push((eps, acc.clamp(0.0, 1.0), clean.map(|c| c.clamp(0.0, 1.0))));
        }
    }
    // Small enough that two charts sit side by side on an A4 page.
    let (width, height, left, right, top, bottom) = (340u32, 250u32, 46u32, 286u32, 14u32, 204u32);
    let mut charts = Vec::new();
    for (norm, attacks) in norms {
        let max_eps = attacks
            .values()
            .flatten()
            .map(|p| p.0)
            .fold(0.0_f64, f64::max);
        let (x_max, step, decimals) = nice_axis(max_eps);
        let sx = |v: f64| left as f64 + v / x_max * (right - left) as f64;
        let sy = |v: f64| bottom as f64 - v * (bottom - top) as f64;
        let mut x_ticks = Vec::new();
        let mut k = 0u32;
        loop {
            let v = step * k as f64;
            if v > x_max * (1.0 + 1e-9) {
                break;
            }
            x_ticks.push(Tick {
                pos: fmt1(sx(v)),
                label: format!("{v:.decimals$}"),
            });
            k += 1;
        }
        let y_ticks = (0..=4)
            .map(|i| {
                let v = i as f64 * 0.25;
                Tick {
                    pos: fmt1(sy(v)),
                    label: format!("{}%", i * 25),
                }
            })
            .collect();
        let cleans: Vec<f64> = attacks.values().flatten().filter_map(|p| p.2).collect();
        let common_clean = cleans
            .first()
            .filter(|c| cleans.iter().all(|d| (*d - **c).abs() < 1e-9))
            .copied();
        let dense = attacks.values().map(Vec::len).sum::<usize>() > 8;
        let mut series = Vec::new();
        let mut starts_clean = false;
        for (i, (label, mut points)) in attacks.into_iter().enumerate() {
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut line: Vec<(f64, f64)> = Vec::new();
            if let Some(c) = points.first().and_then(|p| p.2) {
                if points.first().is_some_and(|p| p.0 > 0.0) {
                    line.push((0.0, c));
                    starts_clean = true;
                }
            }
            line.extend(points.iter().map(|p| (p.0, p.1)));
            let markers = points
                .iter()
                .map(|p| {
                    let y = sy(p.1);
                    Marker {
                        x: fmt1(sx(p.0)),
                        y: fmt1(y),
                        label: if dense { String::new() } else { percent(p.1) },
                        // Below the point when above it the dashed clean line would cross
                        // the label.
                        label_y: if p.2.is_some_and(|c| (c - p.1).abs() < 0.08) && p.1 > 0.1 {
                            fmt1(y + 17.0)
                        } else {
                            fmt1(y - 8.0)
                        },
                        anchor: if p.0 >= x_max * 0.9 {
                            "end"
                        } else if p.0 <= x_max * 0.05 {
                            "start"
                        } else {
                            "middle"
                        },
                        title: format!(
                            "{label}: ε = {}, robust accuracy {}",
                            short_num(p.0),
                            percent(p.1)
                        ),
                    }
                })
                .collect();
            series.push(Series {
                class: format!("s{}", i % 6),
                points: line
                    .iter()
                    .map(|(x, y)| format!("{},{}", fmt1(sx(*x)), fmt1(sy(*y))))
                    .collect::<Vec<_>>()
                    .join(" "),
                markers,
                legend_y: 0,
                label,
            });
        }
        // The legend sits bottom-left, where accuracy near zero at small budgets rarely is.
        let n = series.len() as u32;
        for (i, s) in series.iter_mut().enumerate() {
            s.legend_y = bottom - 12 - (n - 1 - i as u32) * 16;
        }
        charts.push(LineChart {
            title: format!("Robust accuracy vs ε ({norm})"),
            width,
            height,
            left,
            right,
            top,
            bottom,
            x_ticks,
            y_ticks,
            y_tick_x: left - 6,
            x_tick_end: bottom + 4,
            x_tick_y: bottom + 17,
            x_label: format!("perturbation budget ε ({norm})"),
            x_label_x: (left + right) / 2,
            x_label_y: height - 10,
            y_label_x: format!("-{}", (top + bottom) / 2),
            legend_x: left + 12,
            legend_line_end: left + 32,
            legend_text_x: left + 38,
            caption: if starts_clean {
                format!("Robust accuracy under attack against the budget ε ({norm} norm); each line starts at the clean accuracy (ε = 0).")
            } else {
                format!("Robust accuracy under attack against the budget ε ({norm} norm).")
            },
            clean: common_clean.map(|c| Reference {
                y: fmt1(sy(c)),
                label_x: right + 6,
                label: percent(c),
            }),
            series,
        });
    }
    charts
}

/// An axis from 0 to a round maximum at or above `max`: (maximum, tick step, decimals).
pub(super) fn nice_axis(max: f64) -> (f64, f64, usize) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / 4.0;
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * base)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * base);
    let ticks = (max / step - 1e-9).ceil().max(1.0);
    let magnitude = (step.log10() + 1e-9).floor();
    let mut decimals = if magnitude < 0.0 {
        (-magnitude) as usize
    } else {
        0
    };
    // 0.25, 0.025: one digit more than the magnitude says.
    if ((step / 10f64.powf(magnitude)) - 2.5).abs() < 1e-9 {
        decimals += 1;
    }
    (step * ticks, step, decimals.min(6))
}

// ---------------------------------------------------------------------------------------------
// Number formatting: fixed precision so that the same report always gives the same bytes.
