//! Eight bytes at a time: byte-wise arithmetic on a little-endian `u64` of text (SWAR), for
//! the loops that run over every byte of every page (the fingerprint's word scan, the
//! body's white-space tests). A sum of bytes below
//! 0x80 with a constant that keeps each byte below 0x100 never carries into the next byte,
//! so each byte's top bit answers a question about that byte alone.

/// 0x01 in every byte: `ONES * b` is `b` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
pub const TOPS: u64 = ONES * 0x80;
/// The low seven bits of every byte.
pub const LOW7: u64 = ONES * 0x7F;

/// The top bit set in each byte of `x` that is an ASCII letter, either case: with the
/// case bit set, `y + 0x1F` reaches 0x80 from `a` (0x61) on, `y + 0x05` from past `z`
/// (0x7B) on; bytes from 0x80 up are left out.
#[inline(always)]
pub fn ascii_letters(x: u64) -> u64 {
    let y = (x & LOW7) | (ONES * 0x20);
    (y + ONES * 0x1F) & !(y + ONES * 0x05) & !x & TOPS
}

/// `x` with its ASCII letters lower-cased, every other byte as it is.
#[inline(always)]
pub fn ascii_lowered(x: u64) -> u64 {
    x | (ascii_letters(x) >> 2)
}

/// The eight top bits of `tops` (a mask of whole bytes' top bits) gathered into the low
/// byte, in byte order: the multiplication moves the bit of byte `k` to bit `56 + k`, with
/// no two colliding.
#[inline(always)]
pub fn gather_tops(tops: u64) -> u64 {
    ((tops >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The first eight bytes of `bytes` as a little-endian number; 0 when it has fewer (the
/// callers' loops only ask where eight are left).
#[inline(always)]
pub fn first_eight(bytes: &[u8]) -> u64 {
    bytes
        .get(..8)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map_or(0, u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_byte_is_answered_alone() {
        // Every byte value in every position, beside every other value (carries between
        // bytes would show as a wrong answer for the neighbour).
        for b in 0..=255u8 {
            for n in 0..=255u8 {
                for at in 0..8 {
                    let mut eight = [n; 8];
                    eight[at] = b;
                    let x = u64::from_le_bytes(eight);
                    let letters = ascii_letters(x).to_le_bytes();
                    let lowered = ascii_lowered(x).to_le_bytes();
                    for (k, &byte) in eight.iter().enumerate() {
                        assert_eq!(letters[k] == 0x80, byte.is_ascii_alphabetic(), "{x:x}");
                        assert_eq!(letters[k] & 0x7F, 0, "{x:x}");
                        assert_eq!(lowered[k], byte.to_ascii_lowercase(), "{x:x}");
                    }
                    assert_eq!(
                        gather_tops(ascii_letters(x)),
                        (0..8).fold(0, |m, k| m | u64::from(eight[k].is_ascii_alphabetic()) << k),
                    );
                }
            }
        }
    }

    #[test]
    fn the_first_eight_bytes_are_read_little_endian() {
        let bytes = b"abcdefghij";
        assert_eq!(first_eight(bytes), u64::from_le_bytes(*b"abcdefgh"));
        assert_eq!(first_eight(&bytes[2..]), u64::from_le_bytes(*b"cdefghij"));
        assert_eq!(first_eight(&bytes[3..]), 0);
    }
}
