//! Pages grouped by a key, for the across-pages checks (translations of one page, siblings
//! that share a weight): from a hash of each page's key, made while the page was linted,
//! sorted, and only the pages whose hashes agree compared by the key itself. A map of
//! lists allocated a list per key, and each key was built from the page's path in the
//! across-pages phase, where every page's summary is a cache miss away and the other
//! thread is the only one left to share the work.

/// The groups of two or more entries of `keyed` (a hash of an entry's key, the entry's
/// index) whose keys are equal, as `key` tells: each group in index order, the groups in
/// the order of their first index. Equal keys must have equal hashes; entries whose
/// hashes agree are compared by `key`, so a collision never joins two groups.
pub fn groups<K: PartialEq>(
    mut keyed: Vec<(u64, usize)>,
    key: impl Fn(usize) -> K,
) -> Vec<Vec<usize>> {
    keyed.sort_unstable();
    let mut out = Vec::new();
    let mut rest: Vec<usize> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        // In index order (the sort's second key); split by the key itself.
        rest.clear();
        rest.extend(run.iter().map(|&(_, i)| i));
        while let Some(&first) = rest.first() {
            let k = key(first);
            let (same, other): (Vec<usize>, Vec<usize>) =
                rest.iter().partition(|&&i| i == first || key(i) == k);
            if same.len() >= 2 {
                out.push(same);
            }
            rest = other;
        }
    }
    out.sort_unstable_by_key(|g: &Vec<usize>| g.first().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// As first written: a map from each key to its entries, the lists of two or more.
    fn by_map(keys: &[u32]) -> Vec<Vec<usize>> {
        let mut map: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            map.entry(*k).or_default().push(i);
        }
        let mut out: Vec<Vec<usize>> = map.into_values().filter(|g| g.len() >= 2).collect();
        out.sort_by_key(|g| g[0]);
        out
    }

    /// Against the map, with hashes that collide often (a key's hash keeps only some of its
    /// bits) and with a perfect hash; keys from a small range so that groups form.
    #[test]
    fn groups_are_those_of_a_map_of_lists() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..500 {
            let n = (next() % 40) as usize;
            let range = 1 + next() % 30;
            let keys: Vec<u32> = (0..n).map(|_| (next() % range) as u32).collect();
            let want = by_map(&keys);
            for mask in [u64::MAX, 0b11, 0] {
                let keyed = keys
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| (u64::from(k) & mask, i))
                    .collect();
                let got = groups(keyed, |i| keys[i]);
                assert_eq!(got, want, "round {round}, mask {mask:b}, keys {keys:?}");
            }
        }
    }

    #[test]
    fn entries_left_out_of_the_list_are_in_no_group() {
        let keys = [7, 7, 7, 9];
        // The second 7 has no hash (not a candidate, as a page without a weight).
        let keyed = vec![(7, 0), (7, 2), (9, 3)];
        assert_eq!(groups(keyed, |i| keys[i]), vec![vec![0, 2]]);
        assert!(groups(Vec::new(), |i: usize| i).is_empty());
    }
}
