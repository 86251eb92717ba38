//! `saywho extract --shard K/N`: split a corpus over N independent runs.
//!
//! A record belongs to shard `fnv1a64(key) % N`, where `key` is the UTF-8 bytes of the record's
//! `id` — the same string as the output record's `id`. Records that could not be read far
//! enough to have an id (malformed JSON, missing id, invalid UTF-8, ...) carry their source
//! `file:line` as id (e.g. `in.jsonl:7`), so they are assigned by that string; every input
//! record therefore lands in exactly one shard, provided all shards are given the same input
//! arguments. The union of the outputs of shards `0/N .. N-1/N` is the unsharded output
//! (same records, each exactly once; each shard keeps input order).
//!
//! FNV-1a 64 is implemented here (not `std`'s `DefaultHasher`, whose output may change between
//! Rust versions), so shard assignment is the same across runs, platforms and compilers:
//! `offset basis 0xcbf29ce484222325, prime 0x100000001b3`.

use super::InputRecord;
use std::cell::Cell;
use std::rc::Rc;

/// FNV-1a, 64 bits.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Shard `k` of `n` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("--shard wants K/N with 0 <= K < N (e.g. 0/4), not `{s}`");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k >= n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl Shard {
    /// The shard a record with this id (or `file:line` for unreadable records) belongs to.
    pub fn of(id: &str, n: u64) -> u64 {
        fnv1a64(id.as_bytes()) % n
    }

    pub fn owns(&self, rec: &InputRecord) -> bool {
        Shard::of(&rec.id, self.n) == self.k
    }
}

/// Passes through the records of one shard, counting those of other shards.
pub struct ShardFilter<I> {
    inner: I,
    shard: Shard,
    others: Rc<Cell<usize>>,
}

impl<I: Iterator<Item = InputRecord>> ShardFilter<I> {
    /// The returned counter (records belonging to other shards) is readable afterwards.
    pub fn new(inner: I, shard: Shard) -> (Self, Rc<Cell<usize>>) {
        let others = Rc::new(Cell::new(0));
        (
            ShardFilter {
                inner,
                shard,
                others: others.clone(),
            },
            others,
        )
    }
}

impl<I: Iterator<Item = InputRecord>> Iterator for ShardFilter<I> {
    type Item = InputRecord;
    fn next(&mut self) -> Option<InputRecord> {
        loop {
            let r = self.inner.next()?;
            if self.shard.owns(&r) {
                return Some(r);
            }
            self.others.set(self.others.get() + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_reference_values() {
        // published FNV-1a 64 test vectors
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn parse_and_validate() {
        assert_eq!("1/3".parse::<Shard>(), Ok(Shard { k: 1, n: 3 }));
        assert_eq!("0/1".parse::<Shard>(), Ok(Shard { k: 0, n: 1 }));
        for bad in ["3/3", "4/3", "0/0", "1", "a/b", "-1/3", "1/3/4", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_id_in_exactly_one_shard() {
        let ids: Vec<String> = (0..1000).map(|i| format!("doc-{i}")).collect();
        let mut counts = [0usize; 4];
        for id in &ids {
            let owners: Vec<u64> = (0..4)
                .filter(|&k| Shard::of(id, 4) == k)
                .collect::<Vec<_>>();
            assert_eq!(owners.len(), 1);
            counts[owners[0] as usize] += 1;
        }
        // FNV spreads sequential ids evenly enough
        assert!(counts.iter().all(|&c| c > 200), "{counts:?}");
    }
}
