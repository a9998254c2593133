//! The report being built: imports of every stream, merged per member, errors, and whether the
//! analysis of the whole file is complete.

use super::unpickler::Imp;
use super::{PickleImport, PickleReport, MAX_ERRORS, MAX_IMPORTS};
use std::collections::HashMap;

#[derive(Default)]
pub(super) struct Acc {
    imports: Vec<PickleImport>,
    index: HashMap<(Option<String>, String, String, &'static str), usize>,
    pub(super) streams: u64,
    errors: Vec<String>,
    more_errors: usize,
    incomplete: bool,
    touched: bool,
    capped: bool,
}

impl Acc {
    pub(super) fn error(&mut self, msg: String) {
        self.touched = true;
        self.incomplete = true;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(msg);
        } else {
            self.more_errors += 1;
        }
    }

    pub(super) fn commit(&mut self, imps: Vec<Imp>, member: Option<&str>) {
        self.touched = true;
        for imp in imps {
            let key = (
                member.map(String::from),
                imp.module.clone(),
                imp.name.clone(),
                imp.opcode,
            );
            if let Some(mine) = self.index.get(&key).and_then(|&i| self.imports.get_mut(i)) {
                mine.count += imp.count;
                mine.called |= imp.called;
                continue;
            }
            if self.imports.len() >= MAX_IMPORTS {
                if !self.capped {
                    self.capped = true;
                    self.error(format!(
                        "more than {MAX_IMPORTS} distinct imports; the rest are not listed"
                    ));
                }
                continue;
            }
            self.index.insert(key, self.imports.len());
            self.imports.push(PickleImport {
                module: imp.module,
                name: imp.name,
                opcode: imp.opcode.to_string(),
                offset: imp.offset,
                member: member.map(String::from),
                called: imp.called,
                count: imp.count,
            });
        }
    }

    pub(super) fn finish(mut self) -> Option<PickleReport> {
        if !self.touched {
            return None;
        }
        if self.more_errors > 0 {
            self.errors
                .push(format!("... and {} more errors", self.more_errors));
        }
        Some(PickleReport {
            imports: self.imports,
            streams: self.streams,
            complete: !self.incomplete,
            errors: self.errors,
        })
    }
}
