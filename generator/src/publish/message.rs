//! The test message `--send-test` sends: the Flow as an interactive `flow` message (Cloud API
//! session message), `mode: draft` unless the Flow is published.

use serde_json::{json, Value};

/// What goes into the message.
#[derive(Debug, Clone, Copy)]
pub struct FlowMessage<'a> {
    /// The test number, international format (a leading `+` is dropped).
    pub to: &'a str,
    pub flow_id: &'a str,
    pub flow_name: &'a str,
    pub flow_token: &'a str,
    /// `draft` or `published`.
    pub mode: &'a str,
    /// An endpoint Flow opens with `data_exchange` (the endpoint answers INIT); one without opens
    /// its entry screen with `navigate`.
    pub endpoint: bool,
    pub entry_screen: Option<&'a str>,
}

/// The `POST /{phone-number-id}/messages` body.
pub fn flow_message(m: &FlowMessage<'_>) -> Value {
    let mut parameters = json!({
        "flow_message_version": "3",
        "flow_token": m.flow_token,
        "flow_id": m.flow_id,
        "flow_cta": "Open",
        "mode": m.mode,
    });
    if m.endpoint {
        parameters["flow_action"] = json!("data_exchange");
    } else {
        parameters["flow_action"] = json!("navigate");
        if let Some(screen) = m.entry_screen {
            parameters["flow_action_payload"] = json!({ "screen": screen });
        }
    }
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": m.to.trim_start_matches('+'),
        "type": "interactive",
        "interactive": {
            "type": "flow",
            "body": { "text": format!("Test of the Flow \"{}\" (sent by flowgen publish)", m.flow_name) },
            "action": { "name": "flow", "parameters": parameters },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_without_endpoint_opens_its_entry_screen() {
        let m = flow_message(&FlowMessage {
            to: "+15551234567",
            flow_id: "9",
            flow_name: "Join",
            flow_token: "unused",
            mode: "published",
            endpoint: false,
            entry_screen: Some("JOIN"),
        });
        assert_eq!(m["to"], "15551234567");
        let p = &m["interactive"]["action"]["parameters"];
        assert_eq!(p["flow_action"], "navigate");
        assert_eq!(p["flow_action_payload"], json!({"screen": "JOIN"}));
        assert_eq!(p["mode"], "published");
        assert!(p["flow_cta"].as_str().unwrap().len() <= 20);
    }
}
