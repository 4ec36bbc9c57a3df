//! "Did you mean": the names closest to one that matched nothing, for the hints of errors about
//! roles, occupations, columns and catalog ids. Every suggestion is ranked by the same measure.

/// How alike two names are, from 0 (nothing in common) to 1 (the same): Jaro-Winkler, which
/// favours a shared beginning, as typos and abbreviations of titles usually keep it.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

/// The `n` candidates most like `name`, best first, each with its similarity.
///
/// A candidate is the text to compare and the value to give back, so that a caller can compare
/// lowercased or normalised names and still get its own value. Texts are compared as given. On
/// equal similarity the earlier candidate comes first.
pub fn closest<K: AsRef<str>, T>(
    name: &str,
    candidates: impl IntoIterator<Item = (K, T)>,
    n: usize,
) -> Vec<(T, f64)> {
    let mut scored: Vec<(T, f64)> = candidates
        .into_iter()
        .map(|(text, value)| (value, similarity(name, text.as_ref())))
        .collect();
    // A stable sort keeps the candidates' order among equals.
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(n);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ranks_best_first_and_keeps_order_among_equals() {
        let names = [
            "Billing Clerk",
            "Back-Office Admin",
            "Billing Clark",
            "Billing Clerk",
        ];
        let hits = closest(
            "billing clerk",
            names.iter().map(|n| (n.to_lowercase(), *n)),
            3,
        );
        let found: Vec<&str> = hits.iter().map(|(n, _)| *n).collect();
        assert_eq!(found, ["Billing Clerk", "Billing Clerk", "Billing Clark"]);
        assert_eq!(hits[0].1, 1.0);
        assert!(hits[2].1 < 1.0);
    }

    #[test]
    fn closest_gives_at_most_n_and_nothing_from_nothing() {
        assert_eq!(closest("a", [("ab", 1), ("b", 2)], 1).len(), 1);
        assert!(closest("a", Vec::<(&str, u8)>::new(), 3).is_empty());
    }
}
