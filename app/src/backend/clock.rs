//! The time an act is recorded at. Always the system's, except inside [`at`], which the
//! demo seed uses to tell the 2022 story on the story's own dates: each step it takes
//! through the services is then recorded, audited and docketed as of that moment, as if
//! the portal had been in use then. The override is task-local, so no request served
//! meanwhile (nor any test running beside it) sees it.

use chrono::{DateTime, Utc};
use std::future::Future;

tokio::task_local! {
    static STORY_TIME: DateTime<Utc>;
}

/// Now, for the record: the system's time, or the time [`at`] set for this task.
pub fn now() -> DateTime<Utc> {
    STORY_TIME.try_with(|t| *t).unwrap_or_else(|_| Utc::now())
}

/// Runs `work` with every act in it recorded at `time`.
pub async fn at<F: Future>(time: DateTime<Utc>, work: F) -> F::Output {
    STORY_TIME.scope(time, work).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[tokio::test]
    async fn the_story_time_holds_inside_and_only_inside() {
        let story = Utc.with_ymd_and_hms(2022, 8, 30, 8, 0, 0).unwrap();
        assert_eq!(at(story, async { now() }).await, story);
        assert!(now() > story);
        let elsewhere = tokio::spawn(at(story, async {})).await;
        assert!(elsewhere.is_ok());
        assert!(tokio::spawn(async { now() }).await.unwrap() > story);
    }
}
