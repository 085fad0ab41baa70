//! A small xorshift generator (Marsaglia's 13/7/17) for the tests that compare a fast path
//! with the plain one over many generated inputs: the same sequence on every run and
//! machine, and no dependency for it.

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
