//! Generated inputs for the tests that compare a fast path with the plain one: a small
//! xorshift generator (Marsaglia's 13/7/17; the same sequence on every run and machine,
//! and no dependency for it), and every sequence of a few pieces.

pub(crate) struct Xorshift(u64);

impl Xorshift {
    /// A generator from `state`, which must not be 0 (it would stay 0).
    pub(crate) fn new(state: u64) -> Xorshift {
        Xorshift(state)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (not 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Every sequence of at most `max` of `pieces` (repeats allowed), shortest first and in
/// the pieces' order within a length: the empty one, then each piece, then each pair...
pub(crate) fn every_sequence<T: Clone>(pieces: &[T], max: usize) -> Vec<Vec<T>> {
    let mut out: Vec<Vec<T>> = vec![Vec::new()];
    let mut from = 0;
    for _ in 0..max {
        let to = out.len();
        for i in from..to {
            for piece in pieces {
                let mut longer = out[i].clone();
                longer.push(piece.clone());
                out.push(longer);
            }
        }
        from = to;
    }
    out
}

/// [`every_sequence`] of text pieces, each joined into one text.
pub(crate) fn every_text(pieces: &[&str], max: usize) -> Vec<String> {
    every_sequence(pieces, max)
        .into_iter()
        .map(|parts| parts.concat())
        .collect()
}

/// Assert that `fast` gives what `plain` gives for every pair of one of `left` and one of
/// `right`: the shape of the tests that check a fast path against the plain one.
pub(crate) fn assert_agree_on_pairs<A, B, T>(
    left: &[A],
    right: &[B],
    fast: impl Fn(&A, &B) -> T,
    plain: impl Fn(&A, &B) -> T,
) where
    A: std::fmt::Debug,
    B: std::fmt::Debug,
    T: PartialEq + std::fmt::Debug,
{
    for a in left {
        for b in right {
            assert_eq!(fast(a, b), plain(a, b), "{a:?} {b:?}");
        }
    }
}
