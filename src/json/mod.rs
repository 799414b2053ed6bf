//! JSON with positions: a parser that keeps every value's span, the layout
//! that tells the writer where a transcript's parts are written, and the
//! splice that gives the document back with only changed values rewritten.

pub(crate) mod form;
pub(crate) mod layout;
pub(crate) mod splice;
pub(crate) mod tree;

pub(crate) use form::Form;
pub(crate) use layout::{
    Dialect, Edge, Item, JsonLayout, SegmentPlaces, TextMirror, TimePlace, WordCount, WordPlaces,
};
pub(crate) use splice::{Splice, Style, TimeUnit};
pub(crate) use tree::{Node, Value};
