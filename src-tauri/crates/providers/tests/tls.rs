//! HTTPS as the real providers speak it, on loopback. The sandbox is plain HTTP, so without this
//! nothing would notice a TLS stack that cannot shake hands: the shipped app has ring as rustls'
//! only crypto (no aws-lc), which `HttpClient` installs before its first client.

use std::sync::Arc;

use innkeep_providers::http::{Failure, HttpClient, HttpRequest, RetryPolicy, Safety};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::crypto::CryptoProvider;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

/// An HTTPS server on loopback for `localhost`, with a certificate made for this run; it answers
/// every request with `200 ok`. Returns its port and the certificate to trust.
async fn https_server() -> (u16, CertificateDer<'static>) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert = made.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    let config = ServerConfig::builder_with_provider(Arc::new(tokio_rustls::rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(socket).await else { return };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";
                let _ = tls.write_all(answer).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, cert)
}

fn one_attempt() -> RetryPolicy {
    RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
}

#[tokio::test]
async fn a_certificate_no_root_vouches_for_is_refused_by_name() {
    let (port, _) = https_server().await;
    let client = HttpClient::new("Test", &format!("https://localhost:{port}"), one_attempt());
    let failure = client.send(&HttpRequest::new(reqwest::Method::GET, "/"), Safety::Safe).await.unwrap_err();
    // The handshake ran (key exchange and all) up to the certificate, and the failure says why.
    match failure {
        Failure::Connect(cause) => assert!(cause.to_lowercase().contains("certificate"), "{cause}"),
        other => panic!("expected a refused certificate, got {other:?}"),
    }
}

#[tokio::test]
async fn the_installed_provider_completes_a_handshake() {
    let (port, cert) = https_server().await;
    // Making the app's client installs its crypto provider for the process.
    let _ = HttpClient::new("Test", &format!("https://localhost:{port}"), one_attempt());
    assert!(CryptoProvider::get_default().is_some(), "no process-wide rustls provider after HttpClient::new");

    let trusting =
        reqwest::Client::builder().tls_certs_only([reqwest::Certificate::from_der(&cert).unwrap()]).build().unwrap();
    let answer = trusting.get(format!("https://localhost:{port}/")).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "ok");
}
