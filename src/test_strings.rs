//! Strings made of a few pieces, for tests that hold a fast reading to a
//! plain one: every string of up to four pieces, and random longer ones
//! (a test of eight bytes at a time needs strings longer than eight);
//! and the random numbers they are drawn with.

/// Every string of up to four of `pieces` (the empty one too), then
/// `random` strings of 5 to 40 of them, drawn with splitmix64 from `seed`.
pub(crate) fn strings_of(pieces: &[&str], seed: u64, random: usize) -> Vec<String> {
    let mut texts = vec![String::new()];
    let mut all = vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = all
            .iter()
            .flat_map(|t| pieces.iter().map(move |a| format!("{t}{a}")))
            .collect();
        texts.extend(longer.iter().cloned());
        all = longer;
    }
    let mut next = splitmix64(seed);
    for _ in 0..random {
        let count = 5 + next() as usize % 36;
        texts.push(
            (0..count)
                .map(|_| pieces[next() as usize % pieces.len()])
                .collect(),
        );
    }
    texts
}

/// splitmix64 from `seed`: random numbers, the same on every run.
pub(crate) fn splitmix64(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
