//! `--set PATH=VALUE` of `hms-webhooks trigger`/`sign` and scenario `set` objects, on the CLI's
//! own order-keeping JSON value.
//!
//! The result must be exactly that of a plain statement of the documented rules (written here over
//! `serde_json::Value`): on `Ok`, reading the path back gives the value (parsed as JSON, else the
//! text as a string) and every other leaf of the original document is unchanged; on `Err`, the
//! document's bytes are identical and the message is exactly the documented one for that path.
//!
//! Layout (see `src/lib.rs`): `flags: u8` (1: no `=` at all, the assignment is the path alone),
//! `document: bytes`, `path: bytes` (lossily decoded), `value: rest` (lossily decoded).
#![no_main]

use hms_webhooks_cli::fuzzing::set;
use hmsovereign_webhooks_fuzz::Reader;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const MAX_PATH_SEGMENTS: usize = 64;

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An array index: ASCII digits only, within `usize`.
fn index(segment: &str) -> Option<usize> {
    if segment.bytes().all(|byte| byte.is_ascii_digit()) { segment.parse().ok() } else { None }
}

/// The rules of `--set`, stated plainly: walk the parents (objects: the key, created as `{}` when
/// missing; arrays: a decimal index of an element), then set the last segment (objects: insert or
/// replace; arrays: replace an element or append at the end).
fn reference(document: &Value, path: &str, value: Value) -> Result<Value, String> {
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return Err("empty path segment".to_owned());
    }
    if segments.len() > MAX_PATH_SEGMENTS {
        return Err(format!("the path has {} segments; at most {MAX_PATH_SEGMENTS}", segments.len()));
    }
    let at = |depth: usize| {
        if depth == 0 { "the body".to_owned() } else { format!("`{}`", segments[..depth].join(".")) }
    };
    let mut result = document.clone();
    let mut current = &mut result;
    let (last, parents) = segments.split_last().expect("split gives one segment at least");
    for (depth, segment) in parents.iter().enumerate() {
        current = match current {
            Value::Object(map) => {
                map.entry(segment.to_string()).or_insert_with(|| Value::Object(Default::default()))
            }
            Value::Array(items) => {
                let len = items.len();
                let i = index(segment)
                    .ok_or_else(|| format!("{} is an array; `{segment}` is not an index", at(depth)))?;
                items
                    .get_mut(i)
                    .ok_or_else(|| format!("{} has {len} elements; index {i} is past its end", at(depth)))?
            }
            other => return Err(format!("{} is {}, not an object or array", at(depth), kind(other))),
        };
    }
    let here = at(parents.len());
    match current {
        Value::Object(map) => {
            map.insert(last.to_string(), value);
        }
        Value::Array(items) => {
            let i = index(last).ok_or_else(|| format!("{here} is an array; `{last}` is not an index"))?;
            let len = items.len();
            match i.cmp(&len) {
                std::cmp::Ordering::Less => items[i] = value,
                std::cmp::Ordering::Equal => items.push(value),
                std::cmp::Ordering::Greater => {
                    return Err(format!("{here} has {len} elements; index {i} is past its end"));
                }
            }
        }
        other => return Err(format!("{here} is {}, not an object or array", kind(other))),
    }
    Ok(result)
}

/// The value at `segments`, read the documented way.
fn get<'v>(mut value: &'v Value, segments: &[&str]) -> Option<&'v Value> {
    for segment in segments {
        value = match value {
            Value::Object(map) => map.get(*segment)?,
            Value::Array(items) => items.get(index(segment)?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// `segments` as [`leaves`] spells them: an index into an array of `document` in its plain decimal
/// form (`00` and `0` both index element 0), every other segment as it is.
fn canonical(document: &Value, segments: &[&str]) -> Vec<String> {
    let mut current = Some(document);
    segments
        .iter()
        .map(|segment| match current {
            Some(Value::Array(items)) => {
                let i = index(segment);
                current = i.and_then(|i| items.get(i));
                i.map_or_else(|| segment.to_string(), |i| i.to_string())
            }
            Some(Value::Object(map)) => {
                current = map.get(*segment);
                segment.to_string()
            }
            _ => {
                current = None;
                segment.to_string()
            }
        })
        .collect()
}

/// Every leaf (scalar or empty container) with its path.
fn leaves(value: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                path.push(key.clone());
                leaves(item, path, out);
                path.pop();
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                leaves(item, path, out);
                path.pop();
            }
        }
        _ => out.push((path.clone(), value.clone())),
    }
}

/// How messages quote a path: its first 100 characters, then `…` when there are more.
fn quoted(path: &str) -> String {
    if path.chars().count() > 100 { path.chars().take(100).chain(['…']).collect() } else { path.to_owned() }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    let document = input.bytes();
    let path = String::from_utf8_lossy(input.bytes()).into_owned();
    let text = String::from_utf8_lossy(input.rest()).into_owned();
    let assignment = if flags & 1 != 0 { path.clone() } else { format!("{path}={text}") };

    let outcome = set(document, &assignment);
    assert_eq!(outcome, set(document, &assignment), "--set is not deterministic");
    let Ok(outcome) = outcome else {
        assert!(serde_json::from_slice::<Value>(document).is_err(), "the CLI refused JSON");
        return;
    };
    let before: Value = serde_json::from_slice(&outcome.before).expect("the CLI writes JSON");
    let original: Value = serde_json::from_slice(document).expect("the CLI read JSON");
    assert_eq!(before, original, "reading and writing the document changed it");

    let expected = match assignment.split_once('=') {
        None => Err(format!("--set `{}`: expected PATH=VALUE", quoted(&assignment))),
        Some((path, text)) => {
            let value = serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()));
            reference(&original, path, value.clone())
                .map(|result| (result, path.to_owned(), value))
                .map_err(|reason| format!("--set `{}`: {reason}", quoted(path)))
        }
    };
    match (&outcome.result, expected) {
        (Err(message), Err(expected)) => {
            assert_eq!(message, &expected);
            assert_eq!(outcome.after, outcome.before, "a refused --set changed the document");
        }
        (Ok(()), Ok((expected, path, value))) => {
            let after: Value = serde_json::from_slice(&outcome.after).expect("the CLI writes JSON");
            assert_eq!(after, expected, "--set `{assignment}`");
            let segments: Vec<&str> = path.split('.').collect();
            assert_eq!(get(&after, &segments), Some(&value), "the path does not read back as the value");
            let mut old = Vec::new();
            leaves(&original, &mut Vec::new(), &mut old);
            let segments = canonical(&original, &segments);
            for (leaf, value) in old {
                // Leaves under the path were replaced; a leaf on the way (an empty container)
                // took the new key.
                let related = leaf.len() >= segments.len() && leaf.iter().zip(&segments).all(|(a, b)| a == b)
                    || leaf.len() < segments.len() && leaf.iter().zip(&segments).all(|(a, b)| a == b);
                if !related {
                    let at: Vec<&str> = leaf.iter().map(String::as_str).collect();
                    assert_eq!(get(&after, &at), Some(&value), "leaf {leaf:?} changed");
                }
            }
        }
        (result, expected) => panic!("--set `{assignment}`: {result:?}, expected {expected:?}"),
    }
});
