//! JSON with positions: a parser that keeps every value's span, the layout
//! that tells the writer where a transcript's parts are written, and the
//! splice that gives the document back with only changed values rewritten.

pub mod form;
pub mod layout;
pub mod splice;
pub mod tree;

pub use form::Form;
pub use layout::{
    Dialect, Edge, Item, JsonLayout, SegmentPlaces, TextMirror, TimePlace, WordCount, WordPlaces,
};
pub use splice::{Splice, Style, TimeUnit};
pub use tree::{Node, Value};
