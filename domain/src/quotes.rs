//! Quoting a directive: the disputed words of a clarification request must occur in the
//! directive version's text. Line breaks and runs of spaces in either do not count, so a
//! quote copied from a PDF still matches; the match is reported as a byte range of the
//! directive's own text, so the page can highlight it in place.

use crate::fields::FieldError;
use std::ops::Range;

/// The longest quote accepted, in characters.
pub const QUOTE_MAX: usize = 1_000;

/// Words of `text` with the byte range each occupies.
fn words(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((&text[s..i], s..i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], s..text.len()));
    }
    out
}

/// Where `quote` occurs in `text` (the first place), as a byte range of `text`.
pub fn locate(field: &str, text: &str, quote: &str) -> Result<Range<usize>, FieldError> {
    let wanted: Vec<&str> = quote.split_whitespace().collect();
    if wanted.is_empty() {
        return Err(FieldError::new(field, "Quote the words in dispute."));
    }
    if quote.trim().chars().count() > QUOTE_MAX {
        return Err(FieldError::new(
            field,
            format!(
                "A quote is at most {QUOTE_MAX} characters: quote the words in dispute, not the whole directive."
            ),
        ));
    }
    let have = words(text);
    let last = wanted.len() - 1;
    have.windows(wanted.len())
        .find_map(|window| {
            let mut start = window[0].1.start;
            let mut end = window[last].1.end;
            for (i, ((word, range), quoted)) in window.iter().zip(&wanted).enumerate() {
                // A quote may stop short of the punctuation around its first and last
                // words ("requested by the petitioners" in "... the petitioners.").
                let mut core = *word;
                if i == 0 {
                    core = core.trim_start_matches(|c: char| c.is_ascii_punctuation() && !quoted.starts_with(c));
                    start = range.start + (word.len() - core.len());
                }
                if i == last {
                    let trimmed = core.trim_end_matches(|c: char| c.is_ascii_punctuation() && !quoted.ends_with(c));
                    end = range.end - (core.len() - trimmed.len());
                    core = trimmed;
                }
                if core != *quoted {
                    return None;
                }
            }
            Some(start..end)
        })
        .ok_or_else(|| {
            FieldError::new(
                field,
                "These words do not occur in the directive as it stands in this version. Copy them exactly from its text.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIRECTIVE: &str = "The 1st respondent shall give the petitioners supervised access\nto the servers, including a forensic image of each, by 2pm on 1 September 2022.";

    #[test]
    fn quotes_match_across_line_breaks_and_spacing() {
        let range = locate("quote", DIRECTIVE, "forensic   image").unwrap_or_default();
        assert_eq!(&DIRECTIVE[range], "forensic image");
        let range =
            locate("quote", DIRECTIVE, "supervised access to the servers,").unwrap_or_default();
        assert_eq!(&DIRECTIVE[range], "supervised access\nto the servers,");
    }

    #[test]
    fn words_that_are_not_there_are_refused() {
        for bad in [
            "forensic images",
            "Forensic image",
            "the servers including",
            "",
            "   ",
        ] {
            assert!(locate("quote", DIRECTIVE, bad).is_err(), "{bad:?}");
        }
        let long = "word ".repeat(300);
        assert!(locate("quote", &long, &long).is_err());
    }

    #[test]
    fn punctuation_around_the_quote_is_not_needed() {
        let range = locate("quote", DIRECTIVE, "1 September 2022").unwrap_or_default();
        assert_eq!(&DIRECTIVE[range], "1 September 2022");
        let range = locate("quote", DIRECTIVE, "servers").unwrap_or_default();
        assert_eq!(&DIRECTIVE[range], "servers");
        let range = locate("quote", DIRECTIVE, "servers,").unwrap_or_default();
        assert_eq!(&DIRECTIVE[range], "servers,");
        let quoted = "the \"password matrix\" and users";
        let range = locate("quote", quoted, "password matrix").unwrap_or_default();
        assert_eq!(&quoted[range], "password matrix");
        assert!(locate("quote", DIRECTIVE, "servers including").is_err());
    }

    #[test]
    fn only_whole_words_match() {
        assert!(locate("quote", DIRECTIVE, "orensic image").is_err());
        assert!(locate("quote", DIRECTIVE, "1 September 2022.").is_ok());
    }
}
