//! Two-factor sign-in: which second step a sign-in takes, and how the codes people type are
//! read. An authenticator's code is six digits; a recovery code is 24 letters and digits of
//! base32, printed in four groups of six and read back whatever the case, spaces or dashes.

/// What a sign-in asks for once the password is right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondStep {
    /// Nothing: the account has no authenticator and none is required of it.
    None,
    /// A code from the account's authenticator, or one of its recovery codes.
    Verify,
    /// An administrator requires a second factor and the account has none yet: its owner
    /// enrols an authenticator before the sign-in completes.
    Enrol,
}

/// The second step for an account that has (`enrolled`) or is required to have
/// (`required`) an authenticator. An enrolled authenticator is always asked for, required
/// or not.
pub fn second_step(enrolled: bool, required: bool) -> SecondStep {
    match (enrolled, required) {
        (true, _) => SecondStep::Verify,
        (false, true) => SecondStep::Enrol,
        (false, false) => SecondStep::None,
    }
}

/// Digits in an authenticator's code.
pub const TOTP_DIGITS: usize = 6;
/// Characters in a recovery code, without its dashes: 24 of base32's 32 make 120 bits,
/// enough that a plain hash may store it (OWASP ASVS 5.0, 6.5.2).
pub const RECOVERY_CODE_CHARS: usize = 24;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A code as typed at the second step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecondFactorCode {
    /// Six digits from an authenticator.
    Totp(String),
    /// A recovery code, lower case, without spaces or dashes.
    Recovery(String),
}

impl SecondFactorCode {
    /// Reads a code, ignoring spaces and dashes (people copy them from the printed groups)
    /// and case. `None` when it is neither shape.
    pub fn parse(typed: &str) -> Option<SecondFactorCode> {
        if typed.chars().count() > 64 {
            return None;
        }
        let bare: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if bare.len() == TOTP_DIGITS && bare.bytes().all(|b| b.is_ascii_digit()) {
            return Some(SecondFactorCode::Totp(bare));
        }
        let base32 = |b: u8| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b);
        if bare.len() == RECOVERY_CODE_CHARS && bare.bytes().all(base32) {
            return Some(SecondFactorCode::Recovery(bare));
        }
        None
    }
}

/// A recovery code as printed: four groups of six, joined by dashes.
pub fn print_recovery_code(bare: &str) -> String {
    let chars: Vec<char> = bare.chars().collect();
    chars
        .chunks(6)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enrolled_authenticator_is_always_asked_for() {
        assert_eq!(second_step(true, false), SecondStep::Verify);
        assert_eq!(second_step(true, true), SecondStep::Verify);
        assert_eq!(second_step(false, true), SecondStep::Enrol);
        assert_eq!(second_step(false, false), SecondStep::None);
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(
            SecondFactorCode::parse(" 123 456 "),
            Some(SecondFactorCode::Totp("123456".into()))
        );
        let printed = print_recovery_code("abcdefghijklmnopqrstuv23");
        assert_eq!(printed, "abcdef-ghijkl-mnopqr-stuv23");
        assert_eq!(
            SecondFactorCode::parse(&printed.to_uppercase()),
            Some(SecondFactorCode::Recovery(
                "abcdefghijklmnopqrstuv23".into()
            ))
        );
        for wrong in [
            "",
            "12345",
            "1234567",
            "12345a",
            "abcdefghijklmnopqrstuv28",
            "é23456",
        ] {
            assert_eq!(SecondFactorCode::parse(wrong), None, "{wrong}");
        }
        assert_eq!(SecondFactorCode::parse(&"1".repeat(65)), None);
    }
}
