//! `cargo run --release`: loads the key and project files once, then serves on 0.0.0.0:PORT.

use std::sync::Arc;

use flow_endpoint::{handler, server};

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}

fn main() {
    let settings = server::settings_from_env().unwrap_or_else(|e| fail(&e));
    let (config, contract) = server::load_project().unwrap_or_else(|e| fail(&e));
    let key = if handler::HAS_DATA_ENDPOINT {
        Some(server::load_key_from_env().unwrap_or_else(|e| fail(&e)))
    } else {
        None
    };
    if settings.app_secret.is_none() {
        eprintln!(
            "WARNING: APP_SECRET is not set: request signatures (X-Hub-Signature-256, flow_token_signature) \
             are NOT checked. Use this only on your own machine."
        );
    }
    let port = settings.port;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("cannot start the runtime: {e}")));
    runtime.block_on(async move {
        let state = Arc::new(server::State::open(settings, key, config, contract).unwrap_or_else(|e| fail(&e)));
        let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
            .await
            .unwrap_or_else(|e| fail(&format!("PORT: cannot listen on 0.0.0.0:{port}: {e}")));
        println!("listening on http://0.0.0.0:{port}");
        if let Err(e) = server::serve(listener, state).await {
            fail(&format!("server stopped: {e}"));
        }
    });
}
