//! Folding of text that a release author could otherwise spell around: a file extension, a
//! placeholder or a licence name compared after Unicode NFKC, case folding, the UTS #39
//! confusable skeleton (Cyrillic `о` is Latin `o`), without invisible characters and with
//! whitespace collapsed. Both sides of a comparison must be folded.

use unicode_normalization::UnicodeNormalization;

/// Characters that render as nothing and would split a word for a substring match: soft hyphen,
/// zero-width spaces and joiners, word joiner, invisible operators, the byte-order mark, and the
/// variation selectors.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E0FFF}')
}

/// `s` folded for comparison: NFKC, invisible characters removed, confusable skeleton, lower
/// case, skeleton and lower case again (capital look-alikes such as Cyrillic `Т` map to Latin
/// capitals, small ones to small letters; the skeleton of `0` is `O`), every run of whitespace
/// one space, trimmed.
///
/// ```
/// use modelgate::text::fold;
/// assert_eq!(fold("model.safetens\u{043e}rs"), fold("MODEL.SafeTensors"));
/// assert_eq!(fold("Lorem\u{00a0}ipsum"), fold("lorem ipsum"));
/// assert_eq!(fold("T\u{200b}B\u{200b}D"), fold("tbd"));
/// ```
pub fn fold(s: &str) -> String {
    // Non-ASCII look-alikes first, in their own case (Cyrillic `Т` is Latin `T`); ASCII is
    // left alone here, or `I` would become `l` before lower case made it `i`.
    let mut lowered = String::with_capacity(s.len());
    let mut one = [0u8; 4];
    for c in s.nfkc().filter(|c| !invisible(*c)) {
        if c.is_ascii() {
            lowered.push(c.to_ascii_lowercase());
        } else {
            lowered.extend(
                unicode_security::skeleton(c.encode_utf8(&mut one)).flat_map(char::to_lowercase),
            );
        }
    }
    let skeleton: String = unicode_security::skeleton(&lowered)
        .flat_map(char::to_lowercase)
        .nfc()
        .collect();
    let mut out = String::with_capacity(skeleton.len());
    let mut space = false;
    for c in skeleton.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// True when `a` and `b` fold to the same text.
pub fn same(a: &str, b: &str) -> bool {
    fold(a) == fold(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_case_width_and_invisibles_fold_together() {
        assert!(same("model.safetens\u{043e}rs", "model.safetensors"));
        assert!(same("MODEL.PKL", "model.pkl"));
        assert!(same("ｍｏｄｅｌ．ｐｋｌ", "model.pkl"));
        assert!(same(
            "[More Informat\u{0456}on Needed]",
            "[more information needed]"
        ));
        assert!(same("N\u{200b}/A", "n/a"));
        assert!(same("\u{0422}\u{0392}D", "TBD"), "capital look-alikes");
        assert!(same("\u{0391}GPL", "agpl"), "Greek capital alpha");
        assert!(same("  a \t\n b ", "a b"));
        assert!(!same("model.pkl", "model.pt"));
    }
}
