//! Login throttling: after a few failures each further attempt must wait, the wait doubling
//! each time; after more failures the account locks for a while. Attempts made while
//! waiting are refused unchecked, so guessing cannot go faster than the policy allows.

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Consecutive failures allowed before attempts must wait.
    pub throttle_after: i32,
    /// Consecutive failures that lock the account.
    pub lock_after: i32,
    pub lock_for: Duration,
    /// The longest wait between attempts before the lock.
    pub max_wait: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            throttle_after: 3,
            lock_after: 8,
            lock_for: Duration::minutes(15),
            max_wait: Duration::seconds(60),
        }
    }
}

/// The account's recent history of failures, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginRecord {
    pub failed_logins: i32,
    pub last_failed_at: Option<DateTime<Utc>>,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Whether a login attempt may be checked now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// Too soon after the last failure: try again after this many seconds.
    Wait(i64),
    Locked(DateTime<Utc>),
}

impl ThrottlePolicy {
    /// How long after the `failures`-th consecutive failure the next attempt must wait.
    pub fn wait_after(&self, failures: i32) -> Duration {
        if failures < self.throttle_after {
            return Duration::zero();
        }
        let doublings = (failures - self.throttle_after).clamp(0, 20) as u32;
        let wait = Duration::seconds(2_i64.saturating_mul(1 << doublings));
        wait.min(self.max_wait)
    }

    pub fn gate(&self, record: &LoginRecord, now: DateTime<Utc>) -> Gate {
        if let Some(until) = record.locked_until
            && until > now
        {
            return Gate::Locked(until);
        }
        if let Some(last) = record.last_failed_at {
            let ready_at = last + self.wait_after(record.failed_logins);
            if ready_at > now {
                let seconds = ((ready_at - now).num_milliseconds() + 999).div_euclid(1000);
                return Gate::Wait(seconds);
            }
        }
        Gate::Open
    }

    /// The record after one more failed attempt at `now`.
    pub fn after_failure(&self, record: &LoginRecord, now: DateTime<Utc>) -> LoginRecord {
        // A lock that has run out starts the count again.
        let expired_lock = record.locked_until.is_some_and(|until| until <= now);
        let failed_logins = if expired_lock {
            1
        } else {
            record.failed_logins + 1
        };
        let locked_until = (failed_logins >= self.lock_after).then(|| now + self.lock_for);
        LoginRecord {
            failed_logins,
            last_failed_at: Some(now),
            locked_until,
        }
    }

    /// The record after a success (or an administrator's unlock): a clean slate.
    pub fn cleared() -> LoginRecord {
        LoginRecord {
            failed_logins: 0,
            last_failed_at: None,
            locked_until: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_661_860_800 + seconds, 0).unwrap()
    }

    #[test]
    fn the_first_failures_cost_nothing() {
        let policy = ThrottlePolicy::default();
        let mut record = ThrottlePolicy::cleared();
        for n in 1..policy.throttle_after {
            record = policy.after_failure(&record, at(0));
            assert_eq!(record.failed_logins, n);
            assert_eq!(policy.gate(&record, at(0)), Gate::Open);
        }
    }

    #[test]
    fn waits_double_then_the_account_locks() {
        let policy = ThrottlePolicy::default();
        let mut record = ThrottlePolicy::cleared();
        let mut now = at(0);
        let mut waits = Vec::new();
        for _ in 0..policy.lock_after - 1 {
            record = policy.after_failure(&record, now);
            match policy.gate(&record, now) {
                Gate::Open => waits.push(0),
                Gate::Wait(s) => {
                    waits.push(s);
                    assert_eq!(policy.gate(&record, now + Duration::seconds(s)), Gate::Open);
                    now += Duration::seconds(s);
                }
                Gate::Locked(_) => panic!("locked too early"),
            }
        }
        assert_eq!(waits, [0, 0, 2, 4, 8, 16, 32]);
        record = policy.after_failure(&record, now);
        assert_eq!(
            policy.gate(&record, now),
            Gate::Locked(now + policy.lock_for)
        );
        // Still locked just before the end, open after it, and the count starts again.
        assert!(matches!(
            policy.gate(&record, now + policy.lock_for - Duration::seconds(1)),
            Gate::Locked(_)
        ));
        let later = now + policy.lock_for + Duration::seconds(61);
        assert_eq!(policy.gate(&record, later), Gate::Open);
        assert_eq!(policy.after_failure(&record, later).failed_logins, 1);
    }

    #[test]
    fn waits_are_capped() {
        let policy = ThrottlePolicy {
            lock_after: 100,
            ..ThrottlePolicy::default()
        };
        assert_eq!(policy.wait_after(50), policy.max_wait);
    }
}
