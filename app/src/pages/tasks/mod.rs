//! Scrutiny tasks: the board, and creating tasks from a paste of station codes.

pub mod agents;
pub mod board;
pub mod detail;
pub mod disputes;
pub mod new;
pub mod one;
pub mod work;
