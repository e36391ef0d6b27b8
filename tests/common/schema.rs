//! A small JSON Schema (draft-07 subset) validator for the schemas under `docs/schema/`, so the
//! tests need no schema crate. It knows the keywords those schemas use and panics on any other,
//! so a schema cannot silently rely on a keyword nothing checks.

use serde_json::Value;
use std::path::Path;

/// Keywords that only annotate.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "markdownDescription",
    "default",
    "examples",
    "definitions",
];
/// Keywords this validator checks.
const CHECKED: &[&str] = &[
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "minimum",
    "maximum",
    "minLength",
    "minItems",
    "minProperties",
    "pattern",
    "propertyNames",
];

/// Parses `docs/schema/NAME`.
pub fn load_schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schema")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Follows a local `$ref` (`#/definitions/x`).
pub fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    let mut s = schema;
    while let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $ref: {r}"));
        s = root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {r}"));
    }
    s
}

/// Every violation of `schema` by `value`, as `path: what`.
pub fn check(root: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    walk(root, root, value, "$", &mut errors);
    errors
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("unknown type {other}"),
    }
}

fn walk(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(root, schema);
    let Some(obj) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{at}: not allowed"));
        }
        return;
    };
    for k in obj.keys() {
        assert!(
            ANNOTATIONS.contains(&k.as_str()) || CHECKED.contains(&k.as_str()),
            "schema keyword `{k}` is not supported by tests/common/schema.rs"
        );
    }
    if let Some(t) = obj.get("type") {
        let ok = match t {
            Value::String(t) => type_ok(t, v),
            Value::Array(ts) => ts.iter().any(|t| type_ok(t.as_str().unwrap(), v)),
            _ => panic!("bad type {t}"),
        };
        if !ok {
            errors.push(format!("{at}: expected {t}, found {v}"));
            return;
        }
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{at}: {v} is not one of {}", Value::Array(e.clone())));
        }
    }
    if let Some(c) = obj.get("const") {
        if c != v {
            errors.push(format!("{at}: expected {c}, found {v}"));
        }
    }
    if let Some(n) = v.as_f64() {
        if obj.get("minimum").and_then(Value::as_f64).is_some_and(|m| n < m) {
            errors.push(format!("{at}: {n} is below the minimum"));
        }
        if obj.get("maximum").and_then(Value::as_f64).is_some_and(|m| n > m) {
            errors.push(format!("{at}: {n} is above the maximum"));
        }
    }
    if let Some(s) = v.as_str() {
        if obj
            .get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| (s.chars().count() as u64) < m)
        {
            errors.push(format!("{at}: string too short"));
        }
        if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
            if !regex::Regex::new(p).unwrap().is_match(s) {
                errors.push(format!("{at}: {s:?} does not match {p}"));
            }
        }
    }
    for (kw, all) in [("oneOf", false), ("anyOf", true)] {
        if let Some(alts) = obj.get(kw).and_then(Value::as_array) {
            let passing = alts
                .iter()
                .filter(|s| {
                    let mut e = Vec::new();
                    walk(root, s, v, at, &mut e);
                    e.is_empty()
                })
                .count();
            let ok = if all { passing >= 1 } else { passing == 1 };
            if !ok {
                errors.push(format!("{at}: {passing} of the {kw} alternatives match"));
            }
        }
    }
    if let Some(items) = v.as_array() {
        if obj
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| (items.len() as u64) < m)
        {
            errors.push(format!("{at}: fewer than the minimum items"));
        }
        if let Some(s) = obj.get("items") {
            for (i, item) in items.iter().enumerate() {
                walk(root, s, item, &format!("{at}[{i}]"), errors);
            }
        }
    }
    if let Some(map) = v.as_object() {
        if obj
            .get("minProperties")
            .and_then(Value::as_u64)
            .is_some_and(|m| (map.len() as u64) < m)
        {
            errors.push(format!("{at}: fewer than the minimum keys"));
        }
        if let Some(names) = obj.get("propertyNames") {
            for k in map.keys() {
                walk(
                    root,
                    names,
                    &Value::String(k.clone()),
                    &format!("{at} key {k:?}"),
                    errors,
                );
            }
        }
        let props = obj.get("properties").and_then(Value::as_object);
        if let Some(req) = obj.get("required").and_then(Value::as_array) {
            for r in req {
                let r = r.as_str().unwrap();
                if !map.contains_key(r) {
                    errors.push(format!("{at}: missing required key `{r}`"));
                }
            }
        }
        for (k, val) in map {
            let sub = format!("{at}.{k}");
            match props.and_then(|p| p.get(k)) {
                Some(s) => walk(root, s, val, &sub, errors),
                None => match obj.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{at}: unknown key `{k}`")),
                    Some(s @ Value::Object(_)) => walk(root, s, val, &sub, errors),
                    _ => {}
                },
            }
        }
    }
}

/// Every problem with a schema itself: keywords this validator does not know, `$ref`s that lead
/// nowhere, `required` keys that are not properties.
pub fn lint(root: &Value) -> Vec<String> {
    let mut out = Vec::new();
    lint_node(root, root, "#", &mut out);
    out
}

fn lint_node(root: &Value, node: &Value, at: &str, out: &mut Vec<String>) {
    let Some(obj) = node.as_object() else { return };
    for k in obj.keys() {
        if !ANNOTATIONS.contains(&k.as_str()) && !CHECKED.contains(&k.as_str()) {
            out.push(format!("{at}: unsupported keyword `{k}`"));
        }
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        if r.strip_prefix('#').and_then(|p| root.pointer(p)).is_none() {
            out.push(format!("{at}: dangling $ref {r}"));
        }
    }
    if let (Some(req), Some(props)) = (
        obj.get("required").and_then(Value::as_array),
        obj.get("properties").and_then(Value::as_object),
    ) {
        for r in req {
            if !props.contains_key(r.as_str().unwrap_or_default()) {
                out.push(format!("{at}: required `{r}` is not a property"));
            }
        }
    }
    for map_kw in ["properties", "definitions"] {
        if let Some(m) = obj.get(map_kw).and_then(Value::as_object) {
            for (k, v) in m {
                lint_node(root, v, &format!("{at}/{map_kw}/{k}"), out);
            }
        }
    }
    for kw in ["items", "additionalProperties", "propertyNames"] {
        if let Some(v) = obj.get(kw) {
            lint_node(root, v, &format!("{at}/{kw}"), out);
        }
    }
    for kw in ["oneOf", "anyOf"] {
        if let Some(list) = obj.get(kw).and_then(Value::as_array) {
            for (i, v) in list.iter().enumerate() {
                lint_node(root, v, &format!("{at}/{kw}/{i}"), out);
            }
        }
    }
}
