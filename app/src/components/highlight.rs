//! A directive's text with quoted words marked in place, each mark numbered so the note
//! beside it (a clarification, a pending request) can refer to it.

use leptos::prelude::*;

/// A range of the text to mark, in bytes, and the note number it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub note: usize,
}

/// Splits `text` into plain and marked runs. Marks that overlap an earlier one, or do not
/// fall on character boundaries, are left out rather than garbling the text.
fn runs(text: &str, mut marks: Vec<Mark>) -> Vec<(String, Option<usize>)> {
    marks.sort_by_key(|m| (m.start, m.end));
    let mut out = Vec::new();
    let mut at = 0;
    for m in marks {
        let fits = m.start >= at
            && m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end);
        if !fits {
            continue;
        }
        if m.start > at {
            out.push((text[at..m.start].to_owned(), None));
        }
        out.push((text[m.start..m.end].to_owned(), Some(m.note)));
        at = m.end;
    }
    if at < text.len() {
        out.push((text[at..].to_owned(), None));
    }
    out
}

#[component]
pub fn MarkedText(text: String, marks: Vec<Mark>) -> impl IntoView {
    view! {
        <p class="directive-text" data-testid="directive-text">
            {runs(&text, marks).into_iter().map(|(run, note)| match note {
                None => view! { <span>{run}</span> }.into_any(),
                Some(n) => view! {
                    <mark id=format!("quote-{n}")>{run}</mark>
                    <sup><a href=format!("#note-{n}")>{format!("[{n}]")}</a></sup>
                }.into_any(),
            }).collect_view()}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_split_the_text_and_bad_ones_are_skipped() {
        let text = "supervised access to the servers, forensically imaged";
        let start = text.find("forensically").unwrap_or(0);
        let marks = vec![
            Mark {
                start,
                end: text.len(),
                note: 1,
            },
            Mark {
                start: start + 2,
                end: start + 4,
                note: 2,
            },
            Mark {
                start: 0,
                end: 999,
                note: 3,
            },
        ];
        assert_eq!(
            runs(text, marks),
            vec![
                ("supervised access to the servers, ".to_owned(), None),
                ("forensically imaged".to_owned(), Some(1)),
            ]
        );
        assert_eq!(
            runs(
                "héllo",
                vec![Mark {
                    start: 2,
                    end: 3,
                    note: 1
                }]
            ),
            vec![("héllo".to_owned(), None)]
        );
    }
}
