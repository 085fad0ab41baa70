//! A cache of what was used recently, bounded however many keys a run goes through: two
//! generations of at most `limit` entries each. A hit in the older generation moves the
//! entry to the newer one; when the newer one is full, the older one is dropped and the
//! newer one takes its place. An entry used again and again (a site's static folder) stays;
//! one used for a while and then never again (a page bundle's folder) goes.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};

use crate::hash::FastMap;

/// How many folders a per-folder lookup remembers per generation: the folders a walk is in
/// and their parents stay, the thousands it has left go.
pub const MEMO: usize = 1024;

/// Lock a memo shared by the threads of a run. A thread that panicked while holding it
/// cannot have left it half-written (entries are inserted whole): use it as it is.
pub fn lock<T>(memo: &Mutex<T>) -> MutexGuard<'_, T> {
    memo.lock().unwrap_or_else(|e| e.into_inner())
}

/// Recently used values by key (see the module docs).
pub struct Recent<K, V> {
    newer: FastMap<K, V>,
    older: FastMap<K, V>,
    /// Most entries of one generation.
    limit: usize,
}

impl<K: Hash + Eq, V: Clone> Default for Recent<K, V> {
    /// A per-folder memo: [`MEMO`] entries per generation.
    fn default() -> Self {
        Recent::new(MEMO)
    }
}

impl<K: Hash + Eq, V: Clone> Recent<K, V> {
    pub fn new(limit: usize) -> Self {
        Recent {
            newer: FastMap::default(),
            older: FastMap::default(),
            limit: limit.max(1),
        }
    }

    /// The value of `key` if it was used lately (the newer generation only): what a shared
    /// borrow can answer.
    pub fn peek<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.newer.get(key)
    }

    /// The value of `key`, moved to the newer generation if it was in the older one.
    pub fn get<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some(value) = self.newer.get(key) {
            return Some(value.clone());
        }
        let (key, value) = self.older.remove_entry(key)?;
        self.insert(key, value.clone());
        Some(value)
    }

    pub fn insert(&mut self, key: K, value: V) {
        if self.newer.len() >= self.limit {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_is_used_and_drops_what_is_not() {
        let mut cache: Recent<u32, u32> = Recent::new(2);
        cache.insert(0, 10);
        for key in 1..10 {
            // Key 0 is used between every two insertions: it is never dropped.
            assert_eq!(cache.get(&0), Some(10), "{key}");
            cache.insert(key, key * 10);
        }
        assert_eq!(cache.get(&9), Some(90));
        assert_eq!(cache.get(&1), None);
        assert!(cache.newer.len() + cache.older.len() <= 4);
        assert_eq!(cache.peek(&9), Some(&90));
    }
}
