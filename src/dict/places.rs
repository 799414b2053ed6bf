//! Where each term's variants were written, for messages: a list per term
//! while files are loaded and merged, or packed as the compiled cache
//! holds them (one array of small places that name their file by number),
//! which a run that only cleans never unpacks. Unpacking 50,000 places
//! into lists of shared paths was a quarter of reading a large
//! dictionary back from the cache.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::ends;
use super::load::Origin;

/// A place in one of the files of a packed list.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(super) struct Place {
    pub file: u32,
    pub line: u32,
    pub column: u32,
}

impl Place {
    /// The place written out, if `files` has its file.
    pub fn origin(self, files: &[Arc<Path>]) -> Option<Origin> {
        Some(Origin {
            path: files.get(self.file as usize)?.clone(),
            line: self.line as usize,
            column: self.column as usize,
        })
    }
}

/// Term by term, in the order of each term's variants.
#[derive(Debug, Clone, Default)]
pub(super) struct VariantPlaces {
    /// A list per term; empty while `packed` holds them.
    lists: Vec<Vec<Origin>>,
    packed: Option<Packed>,
}

/// Every variant's place, term after term; term `t`'s end at `ends[t]`.
#[derive(Debug, Clone)]
struct Packed {
    files: Vec<Arc<Path>>,
    places: Vec<Place>,
    ends: Vec<u32>,
}

impl VariantPlaces {
    /// The places of terms with `counts` variants each, in order, packed:
    /// `None` unless there is one place per variant and each names one of
    /// the `files`.
    pub fn packed(
        files: Vec<Arc<Path>>,
        places: Vec<Place>,
        counts: impl Iterator<Item = usize>,
    ) -> Option<VariantPlaces> {
        let ends = ends::of_lengths(counts)?;
        let fits = ends::fit(&ends, places.len())
            && places.iter().all(|p| (p.file as usize) < files.len());
        fits.then(|| VariantPlaces {
            lists: Vec::new(),
            packed: Some(Packed {
                files,
                places,
                ends,
            }),
        })
    }

    /// Where each variant of `term` was written, in the order of its
    /// variants.
    pub fn of_term(&self, term: usize) -> Vec<Origin> {
        match &self.packed {
            Some(packed) => packed.of_term(term),
            None => self.lists.get(term).cloned().unwrap_or_default(),
        }
    }

    /// The lists per term, to add to: unpacked first if they are packed.
    pub fn by_term(&mut self) -> &mut Vec<Vec<Origin>> {
        if let Some(packed) = self.packed.take() {
            self.lists = (0..packed.ends.len()).map(|t| packed.of_term(t)).collect();
        }
        &mut self.lists
    }
}

impl Packed {
    fn of_term(&self, term: usize) -> Vec<Origin> {
        if term >= self.ends.len() {
            return Vec::new();
        }
        // Every place names one of the files (`VariantPlaces::packed`).
        self.places[ends::run(&self.ends, term)]
            .iter()
            .filter_map(|p| p.origin(&self.files))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: u32, line: u32) -> Place {
        Place {
            file,
            line,
            column: 1,
        }
    }

    #[test]
    fn packed_places_unpack_to_the_same_lists() {
        let files: Vec<Arc<Path>> = vec![
            Arc::from(Path::new("a.toml")),
            Arc::from(Path::new("b.toml")),
        ];
        let places = vec![at(0, 3), at(0, 4), at(1, 9)];
        let mut packed = VariantPlaces::packed(files, places, [2, 0, 1].into_iter()).unwrap();
        let shown = |o: &[Origin]| o.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(shown(&packed.of_term(0)), ["a.toml:3:1", "a.toml:4:1"]);
        assert!(packed.of_term(1).is_empty());
        assert_eq!(shown(&packed.of_term(2)), ["b.toml:9:1"]);
        assert!(packed.of_term(3).is_empty());
        let lists = packed.by_term().clone();
        assert!(packed.packed.is_none());
        assert_eq!(lists.len(), 3);
        for (t, list) in lists.iter().enumerate() {
            assert_eq!(packed.of_term(t), *list);
        }
    }

    #[test]
    fn places_that_do_not_fit_their_terms_or_files_are_refused() {
        let files = || vec![Arc::from(Path::new("a.toml"))];
        assert!(VariantPlaces::packed(files(), vec![at(0, 1)], [2].into_iter()).is_none());
        assert!(
            VariantPlaces::packed(files(), vec![at(0, 1), at(0, 2)], [1].into_iter()).is_none()
        );
        assert!(VariantPlaces::packed(files(), vec![at(1, 1)], [1].into_iter()).is_none());
        assert!(VariantPlaces::packed(files(), vec![at(0, 1)], [1].into_iter()).is_some());
    }
}
