//! Action attempts (actions that finish after the call that starts them)
//! and cursor pagination.

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;

/// An action attempt as the server reports it. Every action type and status
/// decodes, including those the document does not list; the typed models
/// of each operation carry the same data.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ActionAttempt {
    /// The attempt id.
    pub action_attempt_id: String,
    /// What the action does, such as `LOCK_DOOR`.
    #[serde(default)]
    pub action_type: String,
    /// `pending`, `success` or `error` (or a status the document does not
    /// list, kept as sent).
    pub status: String,
    /// The result of a successful attempt.
    #[serde(default)]
    pub result: Option<serde_json::Value>,
    /// The error of a failed attempt.
    #[serde(default)]
    pub error: Option<ActionAttemptError>,
    /// Any other members.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// The error of a failed action attempt.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ActionAttemptError {
    /// Machine-readable error type.
    #[serde(rename = "type", default)]
    pub error_type: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
    /// Any other members.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl ActionAttempt {
    /// Whether the action is still running.
    pub fn is_pending(&self) -> bool {
        self.status == "pending"
    }

    /// Whether the action succeeded.
    pub fn is_success(&self) -> bool {
        self.status == "success"
    }

    /// Whether the action failed.
    pub fn is_error(&self) -> bool {
        self.status == "error"
    }
}

/// Reads the member `property` of a response as an action attempt.
#[allow(dead_code)] // Unused when no operation starts an action.
pub(crate) fn attempt_in<T: Serialize>(response: &T, property: &str) -> Result<ActionAttempt, Error> {
    let value = serde_json::to_value(response)
        .map_err(|error| Error::InvalidRequest(format!("the response cannot be read as JSON: {error}")))?;
    let attempt = value
        .get(property)
        .cloned()
        .ok_or_else(|| Error::InvalidRequest(format!("the response has no `{property}`")))?;
    serde_json::from_value(attempt)
        .map_err(|error| Error::InvalidRequest(format!("the `{property}` of the response is not an action attempt: {error}")))
}

/// Polls with `poll` until the attempt is no longer pending, every
/// `interval`, for at most `limit`.
#[allow(dead_code)] // Unused when the client does not wait for actions.
pub(crate) async fn wait<F, Fut>(mut poll: F, interval: Duration, limit: Duration) -> Result<ActionAttempt, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ActionAttempt, Error>>,
{
    let deadline = Instant::now() + limit;
    loop {
        let attempt = poll().await?;
        if attempt.is_success() {
            return Ok(attempt);
        }
        if attempt.is_error() {
            return Err(Error::ActionAttemptFailed(Box::new(attempt)));
        }
        if Instant::now() + interval > deadline {
            return Err(Error::ActionAttemptTimeout(Box::new(attempt)));
        }
        tokio::time::sleep(interval).await;
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The cursor of the next page; save it to resume later.
    pub next_cursor: Option<String>,
    /// Whether there is a next page.
    pub has_next_page: bool,
}

/// Where the page information sits in a list response.
#[allow(dead_code)] // Unused when no operation pages.
pub(crate) struct PageShape {
    /// The request member holding the cursor.
    pub cursor: &'static str,
    /// The response member holding the items.
    pub items: &'static str,
    /// The response member holding the page information.
    pub pagination: &'static str,
    /// The member of the page information with the next cursor.
    pub next_cursor: &'static str,
    /// The member of the page information that tells whether there is more.
    pub has_next: &'static str,
}

#[allow(dead_code)] // Unused when no operation pages.
impl PageShape {
    /// Returns `body` with the cursor member set (or removed for `None`).
    pub(crate) fn with_cursor<B: Serialize + DeserializeOwned>(&self, body: Option<&B>, cursor: Option<&str>) -> Result<B, Error> {
        let invalid = |error: serde_json::Error| Error::InvalidRequest(format!("the list request cannot carry a cursor: {error}"));
        let mut value = match body {
            Some(body) => serde_json::to_value(body).map_err(invalid)?,
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        if let serde_json::Value::Object(members) = &mut value {
            match cursor {
                Some(cursor) => members.insert(self.cursor.to_string(), serde_json::Value::String(cursor.to_string())),
                None => members.remove(self.cursor),
            };
        }
        serde_json::from_value(value).map_err(invalid)
    }

    /// Reads the items and the page information of a list response.
    pub(crate) fn page<R: Serialize, T: DeserializeOwned>(&self, response: &R) -> Result<Page<T>, Error> {
        let decode = |message: String| Error::InvalidRequest(format!("the list response cannot be paged: {message}"));
        let mut value = serde_json::to_value(response).map_err(|error| decode(error.to_string()))?;
        let items = value.get_mut(self.items).map(serde_json::Value::take).unwrap_or_default();
        let items: Vec<T> = serde_json::from_value(items).map_err(|error| decode(error.to_string()))?;
        let pagination = value.get(self.pagination);
        let next_cursor = pagination
            .and_then(|pagination| pagination.get(self.next_cursor))
            .and_then(|cursor| cursor.as_str())
            .map(str::to_string);
        let has_next_page = pagination
            .and_then(|pagination| pagination.get(self.has_next))
            .and_then(|more| more.as_bool())
            .unwrap_or(next_cursor.is_some());
        Ok(Page {
            items,
            next_cursor,
            has_next_page,
        })
    }
}

/// A stream of the items of every page, starting at `cursor` (`None`: the
/// first page); `fetch` loads the page at a cursor.
#[allow(dead_code)] // Unused when no operation pages.
pub(crate) fn items<'a, T, F, Fut>(cursor: Option<String>, fetch: F) -> BoxStream<'a, Result<T, Error>>
where
    T: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'a,
{
    let state = (fetch, cursor, false);
    stream::try_unfold(state, |(mut fetch, cursor, done)| async move {
        if done {
            return Ok(None);
        }
        let page = fetch(cursor).await?;
        let done = !page.has_next_page || page.next_cursor.is_none();
        Ok(Some((page.items, (fetch, page.next_cursor, done))))
    })
    .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
    .try_flatten()
    .boxed()
}
