//! The generated endpoint stubs as real processes (every language flowgen offers): each is
//! generated from a realistic preset, installed and started with its README's commands and a key
//! from `flowgen keygen`, then driven through every branch of its use case by a client that
//! plays WhatsApp (real RSA-OAEP, AES-GCM and signatures). Every answer is checked against the
//! routing model and screen data of `contract.json`; every figure against values worked out by
//! hand for the preset. Then: tampering, the webhook follow-up, and each stub's own test suite.

use std::collections::BTreeSet;

use flowgen::endpoint::protocol;
use flowgen_e2e::stubs::{
    completion_delivery, languages, project, run, FakeGraph, GraphRequest, Project, Server,
    APP_SECRET,
};
use flowgen_e2e::{root, tempdir};
use serde_json::{json, Value};

fn preset(uc: &str, file: &str) -> String {
    root()
        .join("presets")
        .join(uc)
        .join(file)
        .display()
        .to_string()
}

fn loan(lang: &'static str) -> std::sync::Arc<Project> {
    project(
        "loan-offer",
        lang,
        &["--preset", &preset("loan-offer", "indian-bank.yaml")],
    )
}

/// The problems with `answer` as the reply to a request sent from `from` (empty = fine).
fn contract_problems(contract: &Value, from: &str, answer: &Value) -> Vec<String> {
    let screens = contract["screens"].as_array().unwrap();
    let find = |id: &str| screens.iter().find(|s| s["id"] == id);
    let mut problems = Vec::new();
    let Some(to) = answer["screen"].as_str() else {
        return vec![format!("no screen in {answer}")];
    };
    let Some(target) = find(to) else {
        return vec![format!("{to} is not a screen of the Flow")];
    };
    let allowed: Vec<String> = match find(from) {
        Some(s) => std::iter::once(from.to_owned())
            .chain(
                s["next"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned()),
            )
            .collect(),
        None => vec![contract["entry_screen"].as_str().unwrap().to_owned()],
    };
    if !allowed.iter().any(|a| a == to) {
        problems.push(format!("{from} -> {to} is not in the routing model"));
    }
    let declared = target["data"].as_object().unwrap();
    let data = answer["data"].as_object().cloned().unwrap_or_default();
    for (k, schema) in declared {
        match data.get(k) {
            None => problems.push(format!("{to}: data/{k} missing")),
            Some(v) => {
                let ty = match v {
                    Value::String(_) => "string",
                    Value::Number(_) => "number",
                    Value::Bool(_) => "boolean",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                    Value::Null => "null",
                };
                if schema["type"] != ty {
                    problems.push(format!(
                        "{to}: data/{k} is {ty}, declared {}",
                        schema["type"]
                    ));
                }
            }
        }
    }
    for k in data.keys() {
        if k != "error_message" && !declared.contains_key(k) {
            problems.push(format!("{to}: data/{k} is not declared"));
        }
    }
    problems
}

/// One user's way through the Flow.
struct Journey<'a> {
    server: &'a Server,
    contract: Value,
    token: String,
    screen: String,
}

impl<'a> Journey<'a> {
    fn new(server: &'a Server, p: &Project, token: &str) -> Journey<'a> {
        Journey {
            server,
            contract: p.contract(),
            token: token.to_owned(),
            screen: String::new(),
        }
    }

    fn send(&mut self, action: &str, data: Value) -> Value {
        let payload = json!({"data": data, "flow_token": self.token, "screen": self.screen, "action": action, "version": "4.0"});
        let (status, answer) = self.server.exchange(&payload);
        assert_eq!(status, 200, "{action} from {}: {payload}", self.screen);
        let answer = answer.unwrap();
        let problems = contract_problems(&self.contract, &self.screen, &answer);
        assert!(
            problems.is_empty(),
            "{action} from {}: {problems:?}\n{answer}",
            self.screen
        );
        self.screen = answer["screen"].as_str().unwrap().to_owned();
        answer["data"].clone()
    }

    fn init(&mut self) -> Value {
        self.screen.clear();
        self.send("INIT", json!({}))
    }

    fn exchange(&mut self, data: Value) -> Value {
        self.send("data_exchange", data)
    }

    fn navigate(&mut self, to: &str) {
        let here = self.contract["screens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == self.screen.as_str())
            .unwrap();
        assert!(
            here["next"].as_array().unwrap().iter().any(|n| n == to),
            "{} cannot navigate to {to}",
            self.screen
        );
        self.screen = to.to_owned();
    }
}

fn sha_ref(prefix: &str, token: &str) -> String {
    let d = openssl::sha::sha256(token.as_bytes());
    let hex: String = d.iter().take(4).map(|b| format!("{b:02X}")).collect();
    format!("{prefix}-{hex}")
}

fn each_language(f: impl Fn(&'static str)) {
    let langs = languages();
    assert!(
        langs.contains(&"node"),
        "the node stub templates are missing"
    );
    for lang in langs {
        eprintln!("-- {lang}");
        f(lang);
    }
}

#[test]
fn loan_offer_journeys_via_upi_and_bank_with_the_presets_figures() {
    each_language(|lang| {
        let p = loan(lang);
        let s = p.start(&[]);
        let mut j = Journey::new(&s, &p, "loan-upi");
        let offer = j.init();
        assert_eq!(j.screen, "OFFER");
        assert_eq!(offer["selected_amount"], "500000");
        assert_eq!(offer["selected_tenure"], "36");
        assert_eq!(offer["emi"], "₹16,428.62");
        assert_eq!(offer["rate"], "11.25% p.a.");
        assert_eq!(offer["fee"], "₹1,999");
        let titles: Vec<&str> = offer["amounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "₹10,00,000",
                "₹7,50,000",
                "₹5,00,000",
                "₹3,00,000",
                "₹1,50,000"
            ]
        );
        assert_eq!(
            offer["tenures"][4],
            json!({"id": "60", "title": "60 months"})
        );

        let changed = j.exchange(json!({"intent": "preview", "amount": "1000000", "tenure": "60"}));
        assert_eq!(changed["emi"], "₹21,867.31");
        assert_eq!(changed["selected_amount"], "1000000");
        let small = j.exchange(json!({"intent": "preview", "amount": "150000", "tenure": "12"}));
        assert_eq!(small["emi"], "₹13,274.75");
        assert_eq!(
            j.exchange(json!({"intent": "accept_terms", "amount": "1000000", "tenure": "60"})),
            json!({})
        );
        assert_eq!(j.screen, "DISBURSEMENT");
        j.navigate("REPAYMENT");
        j.navigate("IDENTITY");
        let review = json!({"intent": "review", "amount": "1000000", "tenure": "60", "disbursement_method": "upi",
            "upi_id": "priya@okhdfc", "repayment_method": "nach", "dob": "1990-04-12", "id_digits": "ABCD"});
        let summary = j.exchange(review.clone());
        assert_eq!(j.screen, "SUMMARY");
        assert_eq!(
            summary,
            json!({"amount": "₹10,00,000", "tenure": "60 months", "rate": "11.25% p.a.",
            "emi": "₹21,867.31", "fee": "₹1,999", "total_payable": "₹13,14,037.60",
            "disbursement": "UPI · ••••hdfc", "repayment": "eNACH auto-debit"})
        );
        let done = j.exchange(json!({"intent": "submit"}));
        assert_eq!(j.screen, "DONE");
        assert_eq!(done["reference"], sha_ref("LN", "loan-upi"));

        let mut b = Journey::new(&s, &p, "loan-bank");
        b.init();
        b.exchange(json!({"intent": "accept_terms", "amount": "300000", "tenure": "24"}));
        b.navigate("REPAYMENT");
        b.navigate("IDENTITY");
        let summary = b.exchange(json!({"intent": "review", "amount": "300000", "tenure": "24", "disbursement_method": "neft",
            "account_number": "001234567890", "bank_code": "SAHY0001234", "repayment_method": "upi_autopay",
            "dob": "1985-01-31", "id_digits": "K9Q2"}));
        // 300000 at 11.25 % over 24 months: 14,017.20 a month; 24 × 14,017.20 + 1,999 = 3,38,411.80.
        assert_eq!(summary["emi"], "₹14,017.20");
        assert_eq!(summary["total_payable"], "₹3,38,411.80");
        assert_eq!(
            summary["disbursement"],
            "Bank transfer (NEFT/IMPS) · ••••7890"
        );
        assert_eq!(summary["repayment"], "UPI AutoPay");

        for bad in [
            json!({"dob": "2015-06-01"}),
            json!({"dob": "1990-02-30"}),
            json!({"id_digits": "AB"}),
            json!({"id_digits": "ABCDE"}),
        ] {
            let mut r = review.clone();
            r.as_object_mut()
                .unwrap()
                .extend(bad.as_object().unwrap().clone());
            let mut k = Journey::new(&s, &p, "loan-bad");
            k.init();
            k.exchange(json!({"intent": "accept_terms", "amount": "1000000", "tenure": "60"}));
            k.navigate("REPAYMENT");
            k.navigate("IDENTITY");
            let again = k.exchange(r);
            assert_eq!(k.screen, "IDENTITY", "{bad}");
            assert_eq!(
                again["error_message"],
                "We could not confirm these details. Please check them and try again."
            );
        }
    });
}

#[test]
fn insurance_quote_for_myself_family_and_children_only() {
    each_language(|lang| {
        let p = project(
            "insurance-quote",
            lang,
            &[
                "--preset",
                &preset("insurance-quote", "brazilian-insurer.yaml"),
                "--locale",
                "pt_BR",
            ],
        );
        let s = p.start(&[]);
        let no =
            json!({"health_doenca_cronica": "no", "health_fumante": "no", "health_cirurgia": "no"});
        let with = |base: &Value, extra: Value| {
            let mut v = base.clone();
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            v
        };
        let prices = |data: &Value| -> Vec<String> {
            data["frequencies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["description"].as_str().unwrap().to_owned())
                .collect()
        };

        // Myself, hospital cover, R$ 500 excess (6 % off), no risks, Essencial (R$ 289,90).
        let mut j = Journey::new(&s, &p, "ins-self");
        j.init();
        j.navigate("COVER");
        j.navigate("DETAILS");
        let d = json!({"intent": "details", "cover": "so_eu", "cover_level": "hospitalar", "excess": "500", "full_name": "Ana Souza",
            "address": "Rua das Flores, 10", "postal_code": "01310-100", "dob": "1988-07-01", "email": "ana@example.com"});
        assert_eq!(j.exchange(d), json!({}));
        assert_eq!(j.screen, "HEALTH");
        let plans = j.exchange(with(&no, json!({"intent": "health", "cover": "so_eu"})));
        assert_eq!(j.screen, "PLANS");
        assert_eq!(
            plans["plans"][0],
            json!({"id": "essencial", "title": "Ipê Essencial", "description": "Rede regional com coparticipação"})
        );
        let detail = j.exchange(json!({"intent": "plan", "plan": "essencial"}));
        assert_eq!(detail["plan_name"], "Ipê Essencial");
        assert!(
            detail["starting_price"]
                .as_str()
                .unwrap()
                .contains("R$ 289,90"),
            "{detail}"
        );
        assert!(detail["addons"][0]["description"]
            .as_str()
            .unwrap()
            .contains("R$ 39,90"));
        let quote = j.exchange(json!({"intent": "customise", "plan": "essencial", "addons": []}));
        assert_eq!(
            prices(&quote),
            [
                "R$ 272,51 por pagamento",
                "R$ 1.569,63 por pagamento",
                "R$ 3.008,47 por pagamento"
            ]
        );
        let summary = j.exchange(
            json!({"intent": "quote", "plan": "essencial", "addons": [], "frequency": "anual"}),
        );
        assert_eq!(j.screen, "SUMMARY");
        assert_eq!(summary["quote_id"], sha_ref("Q", "ins-self"));
        assert_eq!(summary["summary_plan"], "Ipê Essencial");
        assert_eq!(summary["summary_cover_level"], "Hospitalar");
        assert_eq!(summary["summary_people"], "Só eu");
        assert_eq!(summary["summary_excess"], "R$ 500,00");
        assert_eq!(summary["summary_frequency"], "Anual");
        assert_eq!(summary["summary_price"], "R$ 3.008,47 por pagamento");
        assert_eq!(summary["extra_applicants"], json!([]));

        // Family with two more: main applicant smokes (+25 %), spouse (100 %), child (45 %) with a
        // chronic illness (+20 %); Mais (R$ 459,90) with dental (R$ 39,90); R$ 1.500 excess (12 % off).
        let mut f = Journey::new(&s, &p, "ins-family");
        f.init();
        f.navigate("COVER");
        f.navigate("DETAILS");
        f.exchange(json!({"intent": "details", "cover": "familia", "extra_count": "2", "cover_level": "completo", "excess": "1500",
            "full_name": "Ana", "address": "Rua 1", "postal_code": "01310100", "dob": "1980-01-01", "email": ""}));
        let first = f.exchange(with(&no, json!({"intent": "health", "cover": "familia", "extra_count": "2", "health_fumante": "yes"})));
        assert_eq!(f.screen, "EXTRA_APPLICANT");
        assert_eq!(
            first,
            json!({"applicant_heading": "Pessoa adicional 1 de 2", "applicant_index": 1})
        );
        let second = f.exchange(with(&no, json!({"intent": "extra_applicant", "applicant_index": 1, "cover": "familia", "extra_count": "2", "relation": "conjuge", "dob": "1982-02-02"})));
        assert_eq!(
            second,
            json!({"applicant_heading": "Pessoa adicional 2 de 2", "applicant_index": 2})
        );
        f.exchange(with(&no, json!({"intent": "extra_applicant", "applicant_index": 2, "cover": "familia", "extra_count": "2", "relation": "filho", "dob": "2012-03-03", "health_doenca_cronica": "yes"})));
        assert_eq!(f.screen, "PLANS");
        f.exchange(json!({"intent": "plan", "plan": "mais"}));
        let quote =
            f.exchange(json!({"intent": "customise", "plan": "mais", "addons": ["odonto"]}));
        assert_eq!(
            prices(&quote),
            [
                "R$ 1.164,26 por pagamento",
                "R$ 6.706,13 por pagamento",
                "R$ 12.853,41 por pagamento"
            ]
        );
        let summary = f.exchange(
            json!({"intent": "quote", "plan": "mais", "addons": ["odonto"], "frequency": "mensal"}),
        );
        assert_eq!(summary["summary_people"], "Minha família (3 pessoas)");
        assert_eq!(summary["summary_excess"], "R$ 1.500,00");
        assert_eq!(summary["summary_price"], "R$ 1.164,26 por pagamento");
        assert_eq!(
            summary["extra_applicants"],
            json!([
            {"relation": "conjuge", "dob": "1982-02-02", "health_doenca_cronica": "no", "health_fumante": "no", "health_cirurgia": "no"},
            {"relation": "filho", "dob": "2012-03-03", "health_doenca_cronica": "yes", "health_fumante": "no", "health_cirurgia": "no"}])
        );

        // Children only: no health screen for the main applicant; two children at 45 %, Premium
        // (R$ 799,90), no excess.
        let mut c = Journey::new(&s, &p, "ins-children");
        c.init();
        c.navigate("COVER");
        c.navigate("DETAILS");
        let first = c.exchange(json!({"intent": "details", "cover": "so_filhos", "extra_count": "2", "cover_level": "ambulatorial", "excess": "0",
            "full_name": "Ana", "address": "Rua 1", "postal_code": "01310100", "dob": "1980-01-01", "email": ""}));
        assert_eq!(c.screen, "EXTRA_APPLICANT");
        assert_eq!(first["applicant_index"], 1);
        for i in 1..=2 {
            c.exchange(with(&no, json!({"intent": "extra_applicant", "applicant_index": i, "cover": "so_filhos", "extra_count": "2", "relation": "filho", "dob": "2015-05-05"})));
        }
        c.exchange(json!({"intent": "plan", "plan": "premium"}));
        let quote = c.exchange(json!({"intent": "customise", "plan": "premium", "addons": []}));
        assert_eq!(
            prices(&quote),
            [
                "R$ 719,91 por pagamento",
                "R$ 4.146,68 por pagamento",
                "R$ 7.947,81 por pagamento"
            ]
        );
        let summary = c.exchange(
            json!({"intent": "quote", "plan": "premium", "addons": [], "frequency": "semestral"}),
        );
        assert_eq!(summary["summary_people"], "Só meus filhos (2 pessoas)");
        assert_eq!(summary["summary_excess"], "Sem franquia");

        // A token the store has never seen: the same screen, with the session message.
        let (status, answer) = s.exchange(&json!({"data": with(&no, json!({"intent": "health"})), "flow_token": "unknown", "screen": "HEALTH", "action": "data_exchange", "version": "4.0"}));
        assert_eq!(status, 200);
        let answer = answer.unwrap();
        assert_eq!(answer["screen"], "HEALTH");
        assert_eq!(
            answer["data"]["error_message"],
            p.config()["text"]["session_expired"]
        );
    });
}

#[test]
fn personalised_offer_for_each_product_group_with_shortlist_filtering() {
    each_language(|lang| {
        let p = project(
            "personalised-offer",
            lang,
            &[
                "--preset",
                &preset("personalised-offer", "phone-shop.yaml"),
                "--locale",
                "es",
            ],
        );
        let s = p.start(&[]);
        let text = p.config()["text"].clone();
        let fill = |key: &str, k: &str, v: &str| {
            text[key].as_str().unwrap().replace(&format!("{{{k}}}"), v)
        };
        let ids = |data: &Value, key: &str| -> Vec<String> {
            data[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap().to_owned())
                .collect()
        };

        // Phones: Samsung between $5,000 and $12,000 → the Galaxy A56 only.
        let mut j = Journey::new(&s, &p, "offer-phones");
        j.init();
        assert_eq!(j.screen, "GROUP");
        let prefs = j.exchange(json!({"intent": "group", "product_group": "celulares"}));
        assert_eq!(
            prefs["heading"],
            fill("preferences_heading", "group", "Celulares")
        );
        assert_eq!(
            ids(&prefs, "brands"),
            ["samsung", "motorola", "xiaomi", "apple"]
        );
        assert_eq!(
            prefs["budgets"][0]["title"],
            fill("budget_upto", "max", "$5,000.00")
        );
        assert_eq!(
            prefs["budgets"][3]["title"],
            fill("budget_open", "min", "$25,000.00")
        );
        assert_eq!(prefs["has_purposes"], true);
        assert_eq!(
            ids(&prefs, "purposes"),
            ["fotos", "juegos", "bateria", "trabajo"]
        );
        let list = j.exchange(json!({"intent": "preferences", "product_group": "celulares", "brands": ["samsung"], "budget": "de_5000_a_12000", "purposes": ["fotos"]}));
        assert_eq!(j.screen, "SHORTLIST");
        assert_eq!(
            list["products"],
            json!([{"id": "galaxy_a56", "title": "Samsung Galaxy A56 5G", "description": "$9,499.00 · 6.7 in · 256 GB · 50 MP"}])
        );
        assert_eq!(list["shortlist_label"], fill("shortlist_label", "n", "1"));
        let detail = j.exchange(json!({"intent": "product", "product": "galaxy_a56"}));
        assert_eq!(
            detail,
            json!({"product_name": "Samsung Galaxy A56 5G", "price": "$9,499.00", "properties": "6.7 in · 256 GB · 50 MP",
            "details": "Seis años de actualizaciones y resistencia al agua IP67."})
        );
        j.navigate("CLOSING");

        // Phones up to $5,000: none, so the budget is dropped; four at most, in catalogue order.
        let mut r = Journey::new(&s, &p, "offer-relax");
        r.init();
        r.exchange(json!({"intent": "group", "product_group": "celulares"}));
        let list = r.exchange(json!({"intent": "preferences", "product_group": "celulares", "brands": [], "budget": "hasta_5000", "purposes": []}));
        assert_eq!(
            ids(&list, "products"),
            ["moto_g85", "redmi_note_14", "galaxy_a56", "iphone_16"]
        );

        // Watches: only brands that have a watch; headphones: no purposes to ask about.
        let mut w = Journey::new(&s, &p, "offer-watch");
        w.init();
        let prefs = w.exchange(json!({"intent": "group", "product_group": "relojes"}));
        assert_eq!(ids(&prefs, "brands"), ["samsung"]);
        let list = w.exchange(json!({"intent": "preferences", "product_group": "relojes", "brands": ["samsung"], "budget": "de_5000_a_12000", "purposes": ["correr"]}));
        assert_eq!(ids(&list, "products"), ["galaxy_watch7"]);
        let mut h = Journey::new(&s, &p, "offer-audio");
        h.init();
        let prefs = h.exchange(json!({"intent": "group", "product_group": "audifonos"}));
        assert_eq!(prefs["has_purposes"], false);
        let list = h.exchange(json!({"intent": "preferences", "product_group": "audifonos", "brands": [], "budget": "hasta_5000", "purposes": []}));
        assert_eq!(
            list["products"][0]["description"],
            "$1,799.00 · ANC 55 dB · 36 h"
        );
    });
}

#[test]
fn tamper_suite_every_bad_request_gets_its_status_and_the_server_keeps_answering() {
    each_language(|lang| {
        let p = loan(lang);
        let s = p.start(&[("MAX_BODY_BYTES", "1048576")]);
        let (_, public) = flowgen_e2e::stubs::keys();
        let key = protocol::public_key(public.as_bytes()).unwrap();
        let ping = || {
            let session = protocol::Session::random().unwrap();
            protocol::request_body(&key, &session, br#"{"version":"3.0","action":"ping"}"#).unwrap()
        };
        s.assert_alive("start");

        for (name, header) in [
            ("missing", None),
            ("short", Some("sha256=abc")),
            ("non-hex", Some(&*format!("sha256={}", "zz".repeat(32)))),
            ("wrong", Some(&*format!("sha256={}", "0".repeat(64)))),
        ] {
            let body = ping();
            let headers: Vec<(&str, &str)> = header
                .map(|h| ("X-Hub-Signature-256", h))
                .into_iter()
                .collect();
            let (status, _) = s.http("POST", "/", &headers, body.as_bytes());
            assert_eq!(status, 432, "{lang}: signature {name}");
            s.assert_alive(&format!("signature {name}"));
        }

        let other = openssl::rsa::Rsa::generate(2048).unwrap();
        let other_pub = protocol::public_key(&other.public_key_to_pem().unwrap()).unwrap();
        let wrong_key = protocol::request_body(
            &other_pub,
            &protocol::Session::random().unwrap(),
            br#"{"version":"3.0","action":"ping"}"#,
        )
        .unwrap();
        let edit = |f: &dyn Fn(&mut Vec<u8>), field: &str| {
            let mut v: Value = serde_json::from_str(&ping()).unwrap();
            let mut bytes = openssl::base64::decode_block(v[field].as_str().unwrap()).unwrap();
            f(&mut bytes);
            v[field] = json!(openssl::base64::encode_block(&bytes));
            v.to_string()
        };
        let cases: Vec<(&str, String, u16)> = vec![
            ("wrong key", wrong_key, 421),
            (
                "flipped ciphertext",
                edit(&|b| b[0] ^= 1, "encrypted_flow_data"),
                421,
            ),
            (
                "flipped tag",
                edit(
                    &|b| {
                        let n = b.len();
                        b[n - 1] ^= 1
                    },
                    "encrypted_flow_data",
                ),
                421,
            ),
            (
                "truncated",
                edit(&|b| b.truncate(10), "encrypted_flow_data"),
                421,
            ),
            ("flipped IV", edit(&|b| b[0] ^= 1, "initial_vector"), 421),
            ("empty", String::new(), 400),
            ("non-JSON", "not json at all".to_owned(), 400),
            (
                "deeply nested JSON",
                format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
                400,
            ),
            (
                "2 MiB body",
                format!(
                    "{{\"encrypted_flow_data\":\"{}\"}}",
                    "A".repeat(2 * 1024 * 1024)
                ),
                413,
            ),
        ];
        for (name, body, want) in cases {
            let (status, _) = s.post_signed(body.as_bytes());
            assert_eq!(status, want, "{lang}: {name}");
            s.assert_alive(name);
        }

        let exchange = |payload: Value| {
            let (status, answer) = s.exchange(&payload);
            assert_eq!(status, 200, "{payload}");
            answer.unwrap()
        };
        let unknown = exchange(
            json!({"data": {}, "flow_token": "t", "screen": "OFFER", "action": "refresh_everything", "version": "4.0"}),
        );
        assert_eq!(unknown["screen"], "OFFER");
        assert_eq!(
            unknown["data"]["error_message"],
            "Sorry, something went wrong. Please try again."
        );
        s.assert_alive("unknown action");
        let back = exchange(
            json!({"data": {}, "flow_token": "t", "screen": "OFFER", "action": "BACK", "version": "4.0"}),
        );
        assert_eq!(back["screen"], "OFFER");
        let ack = exchange(
            json!({"data": {"error": "payload-schema-error", "error_message": "bad"}, "flow_token": "t", "screen": "SUMMARY", "action": "data_exchange", "version": "4.0"}),
        );
        assert_eq!(ack, json!({"data": {"acknowledged": true}}));
        let junk = exchange(
            json!({"data": {"intent": {"$ne": 1}, "amount": [1]}, "flow_token": 7, "screen": 9, "action": "data_exchange", "version": "4.0"}),
        );
        assert!(junk["screen"].is_string());
        s.assert_alive("junk payload");

        // 200 at once, from 200 connections.
        let statuses: BTreeSet<u16> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..200)
                .map(|i| {
                    let s = &s;
                    scope.spawn(move || {
                        let payload = if i % 2 == 0 { json!({"version": "3.0", "action": "ping"}) } else {
                            json!({"data": {}, "flow_token": format!("c{i}"), "screen": "", "action": "INIT", "version": "4.0"})
                        };
                        s.exchange(&payload).0
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            statuses,
            BTreeSet::from([200]),
            "{lang}: 200 concurrent requests"
        );
        s.assert_alive("200 concurrent requests");

        // Logs: one JSON line per request, without tokens or form values.
        let log = s.log();
        assert!(
            !log.contains("priya@okhdfc") && !log.contains("c199"),
            "{log}"
        );
        let line = log
            .lines()
            .rev()
            .find(|l| l.contains("\"action\":\"ping\""))
            .expect("a ping log line");
        let v: Value = serde_json::from_str(line).expect("log lines are JSON");
        assert_eq!(v["route"], "/");
        assert_eq!(v["status"], 200);
        assert!(v["ms"].is_number());
    });
}

#[test]
fn flow_token_check_answers_427_with_the_message() {
    each_language(|lang| {
        let p = loan(lang);
        let s = p.start(&[("FLOW_TOKEN_SECRET", "issuer")]);
        let (status, answer) = s.exchange(&json!({"data": {}, "flow_token": "not-issued", "screen": "", "action": "INIT", "version": "4.0"}));
        assert_eq!(status, 427);
        assert_eq!(
            answer,
            Some(json!({"error_msg": "This link has expired. Please ask us for a new one."}))
        );
        let token = issue_token(&p);
        let jwt = protocol::flow_token_signature(APP_SECRET.as_bytes(), &token).unwrap();
        let (status, _) = s.exchange(&json!({"data": {}, "flow_token": token, "screen": "", "action": "INIT", "version": "4.0", "flow_token_signature": jwt}));
        assert_eq!(
            status, 200,
            "{lang}: a token from the stub's own issuer, signed by Meta"
        );
        let forged = protocol::flow_token_signature(b"another secret", &token).unwrap();
        let (status, _) = s.exchange(&json!({"data": {}, "flow_token": token, "screen": "", "action": "INIT", "version": "4.0", "flow_token_signature": forged}));
        assert_eq!(
            status, 427,
            "{lang}: a flow_token_signature not made with the app secret"
        );
        s.assert_alive("427");
    });
}

/// A token from the stub's own CLI (`npm run issue-token`, `python -m flow_endpoint.token`,
/// `cargo run --release --bin issue-token`).
fn issue_token(p: &Project) -> String {
    let args: &[&str] = match p.lang {
        "node" => &["run", "--silent", "issue-token"],
        "python" => &["python", "-m", "flow_endpoint.token"],
        _ => &["run", "--release", "--quiet", "--bin", "issue-token"],
    };
    let out = run(
        p.command(args).env("FLOW_TOKEN_SECRET", "issuer"),
        &format!("{} issue-token", p.lang),
    );
    out.lines()
        .find(|l| l.starts_with("ft1."))
        .unwrap_or_else(|| panic!("no token in {out:?}"))
        .trim()
        .to_owned()
}

#[test]
fn keys_made_the_ways_meta_and_openssl_do_all_load() {
    let dir = tempdir();
    let pem = |args: &[&str], name: &str| {
        let path = dir.path().join(name);
        run(
            std::process::Command::new("openssl")
                .arg(args[0])
                .arg("-out")
                .arg(&path)
                .args(&args[1..]),
            &format!("openssl {args:?}"),
        );
        path
    };
    let legacy = pem(
        &[
            "genrsa",
            "-traditional",
            "-des3",
            "-passout",
            "pass:meta guide",
            "2048",
        ],
        "legacy.pem",
    );
    assert!(std::fs::read_to_string(&legacy)
        .unwrap()
        .contains("Proc-Type: 4,ENCRYPTED"));
    let pkcs8 = pem(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-aes-256-cbc",
            "-pass",
            "pass:meta guide",
        ],
        "pkcs8.pem",
    );
    let plain = pem(&["genrsa", "-traditional", "2048"], "plain.pem");
    each_language(|lang| {
        let p = loan(lang);
        for (file, pass) in [
            (&legacy, "meta guide"),
            (&pkcs8, "meta guide"),
            (&plain, ""),
        ] {
            let public = run(
                std::process::Command::new("openssl")
                    .args(["pkey", "-pubout", "-passin", &format!("pass:{pass}"), "-in"])
                    .arg(file),
                "openssl pkey -pubout",
            );
            let s = p.start(&[
                ("PRIVATE_KEY_FILE", file.to_str().unwrap()),
                ("PASSPHRASE", pass),
            ]);
            let key = protocol::public_key(public.as_bytes()).unwrap();
            let session = protocol::Session::random().unwrap();
            let body =
                protocol::request_body(&key, &session, br#"{"version":"3.0","action":"ping"}"#)
                    .unwrap();
            let (status, text) = s.post_signed(body.as_bytes());
            assert_eq!(status, 200, "{lang}: {}", file.display());
            assert_eq!(
                protocol::open_response(&session, &text).unwrap(),
                br#"{"data":{"status":"active"}}"#
            );
        }
    });
}

#[test]
fn webhook_sends_one_exact_follow_up_and_ignores_duplicates() {
    each_language(|lang| {
        let graph = FakeGraph::start();
        let url = format!("http://127.0.0.1:{}", graph.port);
        let env = [
            ("VERIFY_TOKEN", "verify-me"),
            ("WHATSAPP_TOKEN", "wa-secret-token"),
            ("PHONE_NUMBER_ID", "106540352242922"),
            ("GRAPH_API_URL", url.as_str()),
            ("GRAPH_API_VERSION", "v25.0"),
        ];
        let p = loan(lang);
        let s = p.start(&env);
        let (status, body) = s.http(
            "GET",
            "/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444",
            &[],
            b"",
        );
        assert_eq!((status, body.as_str()), (200, "1158201444"));
        let (status, _) = s.http(
            "GET",
            "/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1",
            &[],
            b"",
        );
        assert_eq!(status, 403);

        let response = json!({"reference": "LN-1A2B3C4D", "amount": "1000000", "tenure": "60", "emi": "₹21,867.31", "flow_token": "t"});
        let delivery = completion_delivery("wamid.DONE", &response);
        let (status, _) = s.http("POST", "/webhook", &[], delivery.as_bytes());
        assert_eq!(status, 401, "{lang}: unsigned webhook");
        let (status, _) = s.http(
            "POST",
            "/webhook",
            &[("X-Hub-Signature-256", &format!("sha256={}", "1".repeat(64)))],
            delivery.as_bytes(),
        );
        assert_eq!(status, 403, "{lang}: wrongly signed webhook");
        let sig = protocol::hub_signature(APP_SECRET.as_bytes(), delivery.as_bytes()).unwrap();
        let (status, _) = s.http(
            "POST",
            "/webhook",
            &[("X-Hub-Signature-256", &sig)],
            delivery.as_bytes(),
        );
        assert_eq!(status, 200);
        let sent = graph.wait_for(1, 10);
        assert_eq!(sent.len(), 1, "{lang}: one follow-up");
        let GraphRequest {
            method,
            path,
            headers,
            body,
        } = &sent[0];
        assert_eq!(
            (method.as_str(), path.as_str()),
            ("POST", "/v25.0/106540352242922/messages")
        );
        assert!(headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == "Bearer wa-secret-token"));
        assert!(headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("application/json")));
        let body: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            body,
            json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234", "type": "text",
            "text": {"body": "Thank you! Sahyadri Bank has received your request LN-1A2B3C4D: ₹10,00,000 over 60 months, EMI ₹21,867.31. We will confirm the next steps in this chat shortly."},
            "context": {"message_id": "wamid.DONE"}})
        );
        let (status, _) = s.http(
            "POST",
            "/webhook",
            &[("X-Hub-Signature-256", &sig)],
            delivery.as_bytes(),
        );
        assert_eq!(status, 200, "{lang}: a duplicate is acknowledged");
        std::thread::sleep(std::time::Duration::from_millis(500));
        assert_eq!(
            graph.requests.lock().unwrap().len(),
            1,
            "{lang}: a duplicate is not re-processed"
        );
        assert!(
            !s.log().contains("16505551234") && !s.log().contains("wa-secret-token"),
            "{}",
            s.log()
        );
    });
}

#[test]
fn purchase_intent_stub_is_the_webhook_only() {
    each_language(|lang| {
        let graph = FakeGraph::start();
        let url = format!("http://127.0.0.1:{}", graph.port);
        let p = project(
            "purchase-intent",
            lang,
            &[
                "--preset",
                &preset("purchase-intent", "electronics-retailer.yaml"),
            ],
        );
        let s = p.start(&[
            ("PRIVATE_KEY_FILE", ""),
            ("WHATSAPP_TOKEN", "tok"),
            ("PHONE_NUMBER_ID", "1"),
            ("GRAPH_API_URL", url.as_str()),
        ]);
        let (status, _) = s.post_signed(b"{}");
        assert_eq!(status, 404, "{lang}: no data endpoint");
        let delivery = completion_delivery(
            "wamid.PI",
            &json!({"name": "Maria", "categories": ["phones"], "terms_accepted": true}),
        );
        let sig = protocol::hub_signature(APP_SECRET.as_bytes(), delivery.as_bytes()).unwrap();
        assert_eq!(
            s.http(
                "POST",
                "/webhook",
                &[("X-Hub-Signature-256", &sig)],
                delivery.as_bytes()
            )
            .0,
            200
        );
        let sent = graph.wait_for(1, 10);
        let body: Value = serde_json::from_str(&sent[0].body).unwrap();
        assert_eq!(body["text"]["body"], "Thanks for joining, Maria! Volt Electronics will only send you news that matches your interests.");
    });
}

#[test]
fn each_generated_stub_passes_its_own_tests() {
    each_language(|lang| {
        for (uc, file) in [
            ("loan-offer", "indian-bank.yaml"),
            ("insurance-quote", "brazilian-insurer.yaml"),
            ("personalised-offer", "phone-shop.yaml"),
            ("purchase-intent", "electronics-retailer.yaml"),
        ] {
            let p = project(uc, lang, &["--preset", &preset(uc, file)]);
            let out = p.run_own_tests();
            eprintln!(
                "{lang} {uc}: {}",
                out.lines()
                    .filter(|l| l.contains("pass") || l.contains("passed"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
    });
}
