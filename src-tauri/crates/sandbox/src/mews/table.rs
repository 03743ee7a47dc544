//! Records kept in creation order with an index by id, and Mews' cursor pagination over them.
//!
//! Order: mews.md §4.1 says a request without a cursor gets the most recent items first, and the
//! cursor is the id of the last (oldest) item returned; the sort key is not documented, so we use
//! creation order, newest first. The cursor marks a position in that order, so it stays valid
//! even when its item no longer matches the filter (e.g. it was updated during the walk).

use std::collections::HashMap;

use innkeep_providers::mews::wire::Limitation;

use super::errors::ApiError;

pub trait Keyed {
    fn key(&self) -> &str;
}

#[derive(Debug, Clone)]
pub struct Table<T> {
    items: Vec<T>,
    index: HashMap<String, usize>,
}

impl<T: Keyed> Table<T> {
    pub fn new() -> Self {
        Table { items: Vec::new(), index: HashMap::new() }
    }

    pub fn push(&mut self, item: T) -> usize {
        let i = self.items.len();
        self.index.insert(item.key().to_owned(), i);
        self.items.push(item);
        i
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&T> {
        self.position(id).map(|i| &self.items[i])
    }

    pub fn all(&self) -> &[T] {
        &self.items
    }

    pub fn at(&self, i: usize) -> &T {
        &self.items[i]
    }

    pub fn at_mut(&mut self, i: usize) -> &mut T {
        &mut self.items[i]
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// One page: items older than the cursor (or all, without one), newest first, filtered.
    /// Returns the page and the response `Cursor` (id of its last item, `None` when empty).
    pub fn page(
        &self,
        limitation: &Limitation,
        keep: impl Fn(&T) -> bool,
    ) -> Result<(Vec<&T>, Option<String>), ApiError> {
        let end = match &limitation.cursor {
            None => self.items.len(),
            Some(c) => self.position(c).ok_or_else(|| ApiError::invalid("Limitation", "unknown Cursor"))?,
        };
        let page: Vec<&T> =
            self.items[..end].iter().rev().filter(|t| keep(t)).take(limitation.count as usize).collect();
        let cursor = page.last().map(|t| t.key().to_owned());
        Ok((page, cursor))
    }
}

impl<T: Keyed> Default for Table<T> {
    fn default() -> Self {
        Table::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Item(String, u32);
    impl Keyed for Item {
        fn key(&self) -> &str {
            &self.0
        }
    }

    #[test]
    fn pages_walk_newest_first_and_cover_everything_once() {
        let mut t = Table::new();
        for i in 0..10 {
            t.push(Item(format!("id{i}"), i));
        }
        let mut lim = Limitation { count: 3, cursor: None };
        let mut seen = Vec::new();
        loop {
            let (page, cursor) = t.page(&lim, |it| it.1 % 2 == 0).unwrap();
            seen.extend(page.iter().map(|it| it.1));
            match cursor {
                Some(c) if page.len() == 3 => lim.cursor = Some(c),
                _ => break,
            }
        }
        assert_eq!(seen, vec![8, 6, 4, 2, 0]);
        let (empty, cursor) = t.page(&Limitation { count: 3, cursor: Some("id0".into()) }, |_| true).unwrap();
        assert!(empty.is_empty() && cursor.is_none());
        assert!(t.page(&Limitation { count: 3, cursor: Some("nope".into()) }, |_| true).is_err());
    }
}
