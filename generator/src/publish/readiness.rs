//! Publish readiness: every item Meta's publishing checks would refuse (endpoint URI, Meta app,
//! phone number and its business public key, what `health_status` reports), each with its fix,
//! found before publishing instead of from a 139002 at publish time.

use serde::Serialize;
use serde_json::Value;

/// Something that must be fixed before Meta will publish, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    pub item: String,
    pub fix: String,
}

/// What the checks need besides Meta's answer.
#[derive(Debug, Clone, Copy)]
pub struct Needs<'a> {
    /// The Flow talks to an endpoint (`data_api_version`): endpoint, app and key are required.
    pub endpoint: bool,
    pub flow_id: &'a str,
    pub phone_number_id: Option<&'a str>,
    /// The key's signature status as read (`VALID`, `MISMATCH`, `NONE`), if it was read.
    pub key_status: Option<&'a str>,
}

/// Every item Meta's publishing checks would refuse, read from the Flow's fields (`status`,
/// `endpoint_uri`, `application`, `health_status`) and what flowgen knows of the key.
pub fn missing_items(flow: &Value, needs: &Needs<'_>) -> Vec<Missing> {
    let mut out = Vec::new();
    let status = flow.get("status").and_then(Value::as_str).unwrap_or("");
    if matches!(status, "DEPRECATED" | "BLOCKED") {
        out.push(Missing {
            item: format!("the Flow is {status}"),
            fix: if status == "DEPRECATED" {
                "a deprecated Flow stays deprecated: delete this environment's entry in published.yaml and pass another --name to create a new Flow".into()
            } else {
                "fix the endpoint's health; Meta unblocks the Flow by itself once the endpoint is healthy".into()
            },
        });
    }
    let mut covered: Vec<&str> = Vec::new();
    if needs.endpoint {
        let endpoint = flow
            .get("endpoint_uri")
            .and_then(Value::as_str)
            .unwrap_or("");
        if endpoint.is_empty() {
            covered.push("endpoint_uri");
            out.push(Missing {
                item: "endpoint_uri is not set".into(),
                fix: "pass --endpoint-uri https://your.host/ (where the endpoint stub answers)"
                    .into(),
            });
        }
        let app = flow.get("application");
        if app.map_or(true, |a| {
            a.is_null() || a.get("id").map_or(true, Value::is_null)
        }) {
            covered.push("app_check");
            out.push(Missing {
                item: "no Meta app is connected to the Flow".into(),
                fix: format!(
                    "connect your app to the Flow (WhatsApp Manager → Flows → the Flow → Endpoint → Meta app), or POST /{} with application_id=<APP_ID>",
                    needs.flow_id
                ),
            });
        }
        match (needs.phone_number_id, needs.key_status) {
            (Some(p), Some(s)) if s != "VALID" => out.push(Missing {
                item: if s == "NONE" {
                    format!("no business public key is registered for phone number {p}")
                } else {
                    format!("the business public key of phone number {p} is {s}")
                },
                fix: "pass --public-key public.pem (from `flowgen keygen`; the endpoint holds private.pem)".into(),
            }),
            _ => {}
        }
    }
    let entities = flow
        .pointer("/health_status/entities")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for entity in &entities {
        let kind = entity
            .get("entity_type")
            .and_then(Value::as_str)
            .unwrap_or("?");
        let errors = entity
            .get("errors")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for e in &errors {
            let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let description = text("error_description");
            let check = description.split(':').next().unwrap_or("").trim();
            if covered.contains(&check) {
                continue;
            }
            let code = e
                .get("error_code")
                .map(|c| c.to_string())
                .unwrap_or_default();
            out.push(Missing {
                item: format!("Meta's health check ({kind}, {code}): {description}"),
                fix: Some(text("possible_solution"))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "see Meta's description".into()),
            });
        }
    }
    out
}

/// What `LIMITED` nodes of `health_status` say (sending works, but is limited).
pub fn limited_info(flow: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for e in flow
        .pointer("/health_status/entities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if e.get("can_send_message").and_then(Value::as_str) != Some("LIMITED") {
            continue;
        }
        let kind = e.get("entity_type").and_then(Value::as_str).unwrap_or("?");
        let infos = e.get("additional_info").and_then(Value::as_array);
        let text: Vec<String> = infos
            .into_iter()
            .flatten()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect();
        out.push(format!("{kind} is LIMITED: {}", text.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn limited_nodes_are_read() {
        let flow = json!({"health_status": {"entities": [
            {"entity_type": "FLOW", "can_send_message": "LIMITED",
             "additional_info": ["Throttled: 10 messages per hour"]},
            {"entity_type": "WABA", "can_send_message": "AVAILABLE"}]}});
        assert_eq!(
            limited_info(&flow),
            ["FLOW is LIMITED: Throttled: 10 messages per hour"]
        );
    }

    #[test]
    fn an_endpoint_flow_without_endpoint_app_or_key_misses_three_items() {
        let flow = json!({"id": "1", "status": "DRAFT", "health_status": {"entities": [
            {"entity_type": "FLOW", "can_send_message": "BLOCKED", "errors": [
                {"error_code": 131000, "error_description": "endpoint_uri: set it", "possible_solution": "x"},
                {"error_code": 141010, "error_description": "business not verified", "possible_solution": "verify"}]}]}});
        let needs = Needs {
            endpoint: true,
            flow_id: "1",
            phone_number_id: Some("5"),
            key_status: Some("NONE"),
        };
        let items: Vec<String> = missing_items(&flow, &needs)
            .into_iter()
            .map(|m| m.item)
            .collect();
        assert_eq!(items.len(), 4, "{items:?}");
        assert!(items[0].contains("endpoint_uri"));
        assert!(
            items[3].contains("141010"),
            "Meta's own item kept, its endpoint_uri one merged: {items:?}"
        );
        let plain = Needs {
            endpoint: false,
            ..needs
        };
        assert_eq!(missing_items(&json!({"status": "DRAFT"}), &plain), []);
    }
}
