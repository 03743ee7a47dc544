//! What the fuzz suites share: arbitrary JSON, strings that have broken parsers before, and
//! single changes to a JSON document (remove a node, or set it to another value) that turn an
//! example payload into a near miss. `providers/tests/fuzz_wire.rs` sends these as answers to the
//! clients; `sandbox/tests/fuzz_requests.rs` sends them as requests to the sandbox.

use proptest::prelude::*;
use serde_json::Value;

/// Any JSON value, up to four levels deep, with object keys from `key`.
pub fn arb_json_with(key: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
        odd_string().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(key.clone(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Any JSON value with plain letters as keys.
pub fn arb_json() -> impl Strategy<Value = Value> {
    arb_json_with("[a-zA-Z]{0,12}".boxed())
}

/// Strings that have broken parsers before: impossible dates, times and zones, numbers as text.
pub fn odd_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            " ",
            "2026-02-30",
            "2026-13-01",
            "0000-00-00",
            "9999-12-31",
            "-262144-01-01",
            "+262143-12-31",
            "2026-01-01T25:61:61Z",
            "2026-01-01T00:00:00+99:00",
            "2026-01-01T00:00:00",
            "1970-01-01T00:00:00Z",
            "+262143-12-31T23:59:59Z",
            "-262143-01-01T00:00:00Z",
            "+262143-12-31T23:59:59+14:00",
            "24:00",
            "23:59:60",
            "Europe/Nowhere",
            "UTC",
            "NaN",
            "-0",
            "1e400",
            "18446744073709551616",
            "Confirmed",
            "Canceled",
            "Started",
            "initialized",
            "NONE",
            "EUR",
            "",
            "\u{0}",
            "é",
            "💥",
        ])
        .prop_map(String::from),
        (1usize..20_000).prop_map(|n| "x".repeat(n)),
        (1usize..200).prop_map(|n| "é💥".repeat(n)),
    ]
}

/// One change to a JSON document.
#[derive(Debug, Clone)]
pub enum Change {
    /// Take the node out of its array or object.
    Remove,
    /// Put this value in the node's place.
    Set(Value),
}

/// A change and where (an index reduced modulo the document's node count): numbers at and past
/// the edges of integer, float and date types, odd strings, or any JSON from `json`.
pub fn change_with(json: BoxedStrategy<Value>) -> impl Strategy<Value = (usize, Change)> {
    let numbers = prop::sample::select(vec![
        Value::from(i64::MAX),
        Value::from(i64::MIN),
        Value::from(u64::MAX),
        Value::from(i32::MAX as i64 + 1),
        Value::from(i32::MIN as i64 - 1),
        Value::from(-1),
        Value::from(0),
        Value::from(1e308),
        Value::from(-1e308),
        Value::from(0.5),
        Value::from(8_210_298_412_800i64), // the first second after chrono's last date
        Value::from(-8_334_632_851_200i64),
        Value::from(8_210_298_412_799i64), // chrono's last second
        Value::from(-8_334_632_851_199i64),
    ]);
    let kind = prop_oneof![
        2 => Just(Change::Remove),
        2 => json.prop_map(Change::Set),
        2 => numbers.prop_map(Change::Set),
        3 => odd_string().prop_map(|s| Change::Set(Value::from(s))),
    ];
    (any::<usize>(), kind)
}

/// The number of nodes of `v` (itself included).
pub fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Applies `change` at node `at` modulo the node count (in document order; the root is 0, and
/// removing the root leaves `null`).
pub fn apply(v: &mut Value, at: usize, change: &Change) {
    fn walk(v: &mut Value, at: &mut usize, change: &Change) -> bool {
        // Children are visited from their parent, so a removal can take them out.
        let children: Vec<&mut Value> = match v {
            Value::Array(a) => a.iter_mut().collect(),
            Value::Object(o) => o.values_mut().collect(),
            _ => Vec::new(),
        };
        let mut remove = None;
        for (i, child) in children.into_iter().enumerate() {
            if *at == 0 {
                match change {
                    Change::Remove => remove = Some(i),
                    Change::Set(new) => {
                        *child = new.clone();
                        return true;
                    }
                }
                break;
            }
            *at -= 1;
            if walk(child, at, change) {
                return true;
            }
        }
        let Some(i) = remove else { return false };
        match v {
            Value::Array(a) => {
                a.remove(i);
            }
            Value::Object(o) => {
                let k = o.keys().nth(i).cloned().expect("the i-th key exists");
                o.remove(&k);
            }
            _ => unreachable!("only arrays and objects have children"),
        }
        true
    }
    let index = at % count(v);
    if index == 0 {
        *v = match change {
            Change::Remove => Value::Null,
            Change::Set(new) => new.clone(),
        };
        return;
    }
    walk(v, &mut (index - 1), change);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_change_lands_on_the_node_it_names() {
        let mut v = json!({"a": 1, "b": [2, 3]});
        apply(&mut v, 3, &Change::Remove); // node 3 is the 2 in "b"
        assert_eq!(v, json!({"a": 1, "b": [3]}));
        apply(&mut v, 1, &Change::Set(json!("x")));
        assert_eq!(v, json!({"a": "x", "b": [3]}));
        apply(&mut v, 2, &Change::Set(json!(-1)));
        assert_eq!(v, json!({"a": "x", "b": -1}));
        apply(&mut v, 3, &Change::Remove); // three nodes: 3 wraps round to the root, which becomes null
        assert_eq!(v, Value::Null);
    }
}
