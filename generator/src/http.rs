//! The one HTTP client setup that `check-endpoint`, `preview --serve` and `publish` share: ureq
//! over the system's OpenSSL (native-tls) with the platform's root certificates, statuses as
//! values (every caller reads 4xx/5xx answers), no redirects (a request goes only to the URL it
//! was given) and one total time limit per request. A leaf module: it imports nothing of ours.

use std::time::Duration;

/// Where a request may go besides its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proxy {
    /// Straight to the URL, whatever `HTTPS_PROXY` says (a local or team endpoint).
    Never,
    /// Through the proxy the environment names, as CI behind a corporate proxy needs for Meta.
    FromEnvironment,
}

/// An agent for requests of at most `timeout` each, naming itself `user_agent`.
pub fn agent(timeout: Duration, user_agent: &str, proxy: Proxy) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::NativeTls)
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .user_agent(user_agent)
        .tls_config(tls);
    let config = match proxy {
        Proxy::Never => config.proxy(None),
        Proxy::FromEnvironment => config,
    };
    config.build().into()
}
