//! Meta's error codes in plain words: what went wrong, and the fix, per step of `publish`.
//! Meta's own message and the code (with `fbtrace_id`) follow, for a support ticket.

use super::graph::{ApiError, GraphError, RATE_LIMIT_CODES};

/// The step a call belonged to: one code can mean different things in different steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    List,
    Read,
    Create,
    Clone,
    Upload,
    EndpointUri,
    Key,
    Publish,
    Preview,
    SendTest,
}

impl Step {
    fn doing(self) -> &'static str {
        match self {
            Step::List => "listing the WABA's Flows",
            Step::Read => "reading the Flow",
            Step::Create => "creating the Flow",
            Step::Clone => "cloning the Flow",
            Step::Upload => "uploading flow.json",
            Step::EndpointUri => "setting endpoint_uri",
            Step::Key => "registering the business public key",
            Step::Publish => "publishing the Flow",
            Step::Preview => "reading the preview URL",
            Step::SendTest => "sending the test message",
        }
    }
}

/// The message for a failed call: plain words and a fix, then Meta's words and reference.
pub fn explain(step: Step, error: &GraphError) -> String {
    match error {
        GraphError::Transport(e) => format!(
            "{} failed: no answer from the Graph API ({e}); check the network (and GRAPH_API_URL if set), then run again",
            step.doing()
        ),
        GraphError::BadAnswer { status, excerpt } => format!(
            "{} failed: the Graph API answered HTTP {status} with something that is not Meta's JSON ({excerpt:?}); check GRAPH_API_URL and GRAPH_API_VERSION",
            step.doing()
        ),
        GraphError::Api(e) => {
            let plain = plain(step, e);
            format!(
                "{} failed: {plain}\n  Meta says: {} ({})",
                step.doing(),
                e.meta_says(),
                e.reference()
            )
        }
    }
}

fn plain(step: Step, e: &ApiError) -> String {
    match e.code {
        190 => "the access token in WHATSAPP_TOKEN is expired or invalid. Make a new system-user token (Business Settings → System users) with whatsapp_business_management and whatsapp_business_messaging, export it as WHATSAPP_TOKEN and run again".into(),
        10 | 200 | 294 => "the token may not do this. Give the system user the WABA (Message templates and Phone numbers: view and manage) and the whatsapp_business_management scope".into(),
        code if RATE_LIMIT_CODES.contains(&code) => format!(
            "Meta is limiting calls ({}) and the retries ran out. Wait (the limits are per hour), then run again: nothing already done is repeated",
            match code {
                4 => "app-level rate limit, code 4",
                80007 => "WABA rate limit, code 80007",
                _ => "too many calls to this WhatsApp Business account, code 80008",
            }
        ),
        100 => match step {
            Step::Create | Step::Clone => "Meta refused the new Flow. If a Flow of this name already exists in the WABA, run again to adopt it or pick another --name; otherwise check --waba-id and the --category values".into(),
            Step::EndpointUri => "Meta refused endpoint_uri: it must be a public https:// URL, and the Flow JSON version must be 3.0 or later. Pass a different --endpoint-uri".into(),
            Step::Key => "Meta refused the key: --public-key must be the PEM public key (public.pem from `flowgen keygen`), and --phone-number-id a phone number of this WABA".into(),
            Step::SendTest => "Meta refused the message: check --send-test (an international number, e.g. 15551234567) and --phone-number-id".into(),
            _ => "Meta refused the request as invalid: check --waba-id and the Flow id in .flowgen/published.yaml (delete the environment's entry to look the Flow up by name again)".into(),
        },
        139000 => "the Flow is blocked by Meta's integrity checks. Nothing flowgen can change fixes this: contact Meta support with the reference below".into(),
        139001 => "the Flow cannot be updated (published and not editable, or Meta failed processing the JSON). Run again once; if it persists, publish with --publish so flowgen makes a clone".into(),
        139002 => "Meta refused to publish. Fix each item Meta names: a draft with no validation errors, endpoint_uri set (--endpoint-uri), a phone number with a signed public key (--phone-number-id, --public-key), a Meta app connected to the Flow, an endpoint that answers the health check, the WABA subscribed to Flows webhooks".into(),
        139003 => "the Flow cannot be deprecated: it is not published, or already deprecated".into(),
        139004 => "the Flow cannot be deleted because it was published: deprecate it instead (POST /{flow-id}/deprecate)".into(),
        132068 => "the Flow is blocked and cannot be sent: fix the endpoint's health (Meta's health_status says what) and wait for Meta to unblock it".into(),
        132069 => "the Flow is throttled: only 10 messages per hour can be sent with it until its endpoint is healthy again".into(),
        _ => "Meta refused the request (see below)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: i64) -> GraphError {
        GraphError::Api(Box::new(ApiError {
            status: 400,
            code,
            message: "(#x) something".into(),
            fbtrace_id: Some("T1".into()),
            ..ApiError::default()
        }))
    }

    #[test]
    fn every_mapped_code_has_a_fix_and_the_reference() {
        for code in [
            4, 100, 190, 80007, 80008, 139000, 139001, 139002, 139003, 139004,
        ] {
            let m = explain(Step::Publish, &api(code));
            assert!(
                m.contains(&format!("Graph error {code}, fbtrace_id T1")),
                "{m}"
            );
            assert!(!m.contains("see below"), "code {code} is not mapped: {m}");
        }
    }

    #[test]
    fn code_100_depends_on_the_step() {
        assert!(explain(Step::EndpointUri, &api(100)).contains("https://"));
        assert!(explain(Step::Create, &api(100)).contains("--name"));
        assert!(explain(Step::Read, &api(100)).contains("published.yaml"));
        assert!(explain(Step::List, &api(190)).contains("WHATSAPP_TOKEN"));
    }
}
