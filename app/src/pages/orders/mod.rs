//! Court orders and their directives: the list of orders, an order with its directives
//! (and, while it is a draft, the form that adds them), and a directive's own page.

pub mod detail;
pub mod directive;
pub mod list;
pub mod terms;
