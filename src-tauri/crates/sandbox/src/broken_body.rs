//! A response body that breaks the connection on purpose: it announces its full length, sends a
//! prefix, waits a moment so the prefix really leaves the socket, then fails, which makes hyper
//! close the connection. With an empty prefix and no pause nothing at all is written (hyper
//! fails before flushing the head), which is how the "offline" fault looks to a client.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};
use tokio::time::Sleep;

pub struct BrokenBody {
    prefix: Option<Bytes>,
    announced: u64,
    pause: Option<Pin<Box<Sleep>>>,
}

impl BrokenBody {
    /// Sends `prefix` of a body announced as `announced` bytes long, then drops the connection.
    pub fn after(prefix: Bytes, announced: u64) -> Body {
        let pause = Some(Box::pin(tokio::time::sleep(Duration::from_millis(20))));
        Body::new(BrokenBody { prefix: Some(prefix).filter(|p| !p.is_empty()), announced, pause })
    }

    /// Fails on the first poll, before hyper has written anything.
    pub fn at_once() -> Body {
        Body::new(BrokenBody { prefix: None, announced: 1, pause: None })
    }
}

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return Poll::Ready(Some(Ok(Frame::data(prefix))));
        }
        if let Some(pause) = self.pause.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.pause = None;
        }
        Poll::Ready(Some(Err(io::Error::new(io::ErrorKind::ConnectionAborted, "sandbox fault: connection dropped"))))
    }

    fn is_end_stream(&self) -> bool {
        false
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.announced)
    }
}
