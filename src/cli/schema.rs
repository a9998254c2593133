//! `modelgate schema`: print one JSON Schema, or write them all.

use modelgate::decision::ExitStatus;
use modelgate::{schema, Error};
use std::path::PathBuf;

use super::*;

#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    #[arg(value_name = "NAME")]
    pub(crate) name: Option<String>,
    /// Write every schema into this folder.
    #[arg(long, value_name = "DIR", conflicts_with = "name")]
    pub(crate) write: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitStatus, Error> {
    if let Some(dir) = args.write {
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        for (n, file) in schema::NAMES {
            let path = dir.join(file);
            std::fs::write(&path, schema::schema(n).unwrap_or_default())
                .map_err(|e| Error::io(path, e))?;
        }
        return Ok(ExitStatus::Approve);
    }
    let name = args.name.unwrap_or_else(|| "input".into());
    match schema::schema(&name) {
        Some(s) => emit(&s)?,
        None => {
            let names: Vec<&str> = schema::NAMES.iter().map(|(n, _)| *n).collect();
            return Err(Error::Usage(format!(
                "unknown schema `{name}`; one of: {}",
                names.join(", ")
            )));
        }
    }
    Ok(ExitStatus::Approve)
}
