//! Waiting for something to become true: the one polling loop of the suite.
//!
//! Contract, the same for all four functions:
//! - `ready` is asked at once, then every `every`, until it gives a value (`Ok(Some(v))`), or
//!   fails (`Err`: returned at once, the wait is over), or `timeout` has passed since the
//!   start; it is always asked once more after the last sleep, so a wait never fails without
//!   having looked.
//! - [`eventually`] and [`eventually_async`] fail after `timeout` with `what`, the failure
//!   message, exactly as given.
//! - [`within`] and [`within_async`] return `Ok(None)` after `timeout`, for a caller whose
//!   failure message needs what it saw last or an async diagnosis of the page.
//!
//! The sync pair sleeps the thread (process and X-level waits); the async pair sleeps with
//! tokio (WebDriver waits).

use std::fmt::Display;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

/// Poll `ready` every `every` until it gives a value, or fail with `what` after `timeout`.
pub fn eventually<T>(
    what: impl Display,
    timeout: Duration,
    every: Duration,
    ready: impl FnMut() -> Result<Option<T>>,
) -> Result<T> {
    within(timeout, every, ready)?.ok_or_else(|| anyhow!("{what}"))
}

/// Poll `ready` every `every` until it gives a value; `None` once `timeout` has passed.
pub fn within<T>(
    timeout: Duration,
    every: Duration,
    mut ready: impl FnMut() -> Result<Option<T>>,
) -> Result<Option<T>> {
    let start = Instant::now();
    loop {
        if let Some(v) = ready()? {
            return Ok(Some(v));
        }
        if start.elapsed() > timeout {
            return Ok(None);
        }
        std::thread::sleep(every);
    }
}

/// [`eventually`] for async checks: tokio sleeps between them.
pub async fn eventually_async<T>(
    what: impl Display,
    timeout: Duration,
    every: Duration,
    ready: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    within_async(timeout, every, ready)
        .await?
        .ok_or_else(|| anyhow!("{what}"))
}

/// [`within`] for async checks: tokio sleeps between them.
pub async fn within_async<T>(
    timeout: Duration,
    every: Duration,
    mut ready: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<Option<T>> {
    let start = Instant::now();
    loop {
        if let Some(v) = ready().await? {
            return Ok(Some(v));
        }
        if start.elapsed() > timeout {
            return Ok(None);
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn returns_the_first_value_and_stops_asking() {
        let mut asked = 0;
        let v = eventually("never", Duration::from_secs(5), MS, || {
            asked += 1;
            Ok((asked == 3).then_some(asked))
        })
        .unwrap();
        assert_eq!((v, asked), (3, 3));
    }

    #[test]
    fn fails_with_exactly_its_message_after_the_timeout() {
        let start = Instant::now();
        let e = eventually("the door did not open", 20 * MS, MS, || Ok(None::<()>)).unwrap_err();
        assert_eq!(e.to_string(), "the door did not open");
        assert!(start.elapsed() >= 20 * MS);
        assert_eq!(within(Duration::ZERO, MS, || Ok(None::<()>)).unwrap(), None);
    }

    #[test]
    fn an_error_ends_the_wait_at_once() {
        let mut asked = 0;
        let e = within(Duration::from_secs(5), MS, || -> Result<Option<()>> {
            asked += 1;
            anyhow::bail!("broken")
        })
        .unwrap_err();
        assert_eq!((e.to_string(), asked), ("broken".to_string(), 1));
    }

    #[tokio::test]
    async fn the_async_twin_behaves_the_same() {
        let mut asked = 0;
        let v = eventually_async("never", Duration::from_secs(5), MS, async || {
            asked += 1;
            Ok((asked == 2).then_some("ok"))
        })
        .await
        .unwrap();
        assert_eq!((v, asked), ("ok", 2));
        let e = eventually_async("still shut", 5 * MS, MS, async || Ok(None::<()>))
            .await
            .unwrap_err();
        assert_eq!(e.to_string(), "still shut");
    }
}
