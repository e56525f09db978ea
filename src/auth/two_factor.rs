//! Two-factor authentication with time-based codes (RFC 6238, totp-rs).
//!
//! - The secret is sealed (ChaCha20-Poly1305) with a key kept outside the
//!   database: `PORTICO_TWO_FACTOR_KEY` (64 hex digits), or else the file
//!   `two-factor.key` in the data folder, made at first need with owner-only
//!   permissions. A key that is gone while sealed secrets exist is a clear
//!   error in the log and a 500, never a crash and never a new key.
//! - A code is accepted for the current step ±1, and only for a step later
//!   than the last accepted one: one conditional `UPDATE` moves
//!   `last_step`, so of two logins with one code exactly one wins.
//! - Ten recovery codes, stored as SHA-256 hashes (they carry 60 random
//!   bits each), each used once by one conditional `UPDATE`.

use super::store;
use crate::{
    config::Settings,
    db::{now, Pool, StoreError, StoreResult},
    error::AppError,
};
use chacha20poly1305::{
    aead::{Aead, KeyInit},
    ChaCha20Poly1305, Key, Nonce,
};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECS: u64 = 30;
pub const RECOVERY_CODES: usize = 10;
const ISSUER: &str = "Portico";
const KEY_FILE: &str = "two-factor.key";

/// The key that seals secrets, from the environment or the data folder.
fn sealing_key(settings: &Settings, secrets_exist: bool) -> Result<[u8; 32], AppError> {
    let from_hex = |text: &str| -> Option<[u8; 32]> {
        let bytes = hex::decode(text.trim()).ok()?;
        bytes.try_into().ok()
    };
    if let Ok(value) = std::env::var("PORTICO_TWO_FACTOR_KEY") {
        return from_hex(&value).ok_or_else(|| {
            tracing::error!("PORTICO_TWO_FACTOR_KEY must be 64 hexadecimal digits");
            AppError::ServerError
        });
    }
    let path = settings.data_dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => from_hex(&text).ok_or_else(|| {
            tracing::error!(path = %path.display(), "the two-factor key file is not 64 hexadecimal digits");
            AppError::ServerError
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !secrets_exist => {
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            write_key_file(&path, &hex::encode(key))?;
            Ok(key)
        }
        Err(error) => {
            tracing::error!(
                path = %path.display(),
                %error,
                "the two-factor key is missing or unreadable while sealed secrets exist: restore the file \
                 (or set PORTICO_TWO_FACTOR_KEY); two-factor logins fail until then"
            );
            Err(AppError::ServerError)
        }
    }
}

fn write_key_file(path: &std::path::Path, text: &str) -> Result<(), AppError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()));
    written.map_err(|error| {
        tracing::error!(path = %path.display(), %error, "cannot write the two-factor key file");
        AppError::ServerError
    })
}

fn seal(key: &[u8; 32], secret: &[u8]) -> Result<String, AppError> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), secret)
        .map_err(|error| {
            tracing::error!(%error, "cannot seal a two-factor secret");
            AppError::ServerError
        })?;
    Ok(format!("{}:{}", hex::encode(nonce), hex::encode(sealed)))
}

fn open(key: &[u8; 32], sealed: &str) -> Result<Vec<u8>, AppError> {
    let failed = || {
        tracing::error!("a two-factor secret does not open with the current key");
        AppError::ServerError
    };
    let (nonce, body) = sealed.split_once(':').ok_or_else(failed)?;
    let nonce = hex::decode(nonce).map_err(|_| failed())?;
    let body = hex::decode(body).map_err(|_| failed())?;
    if nonce.len() != 12 {
        return Err(failed());
    }
    ChaCha20Poly1305::new(Key::from_slice(key))
        .decrypt(Nonce::from_slice(&nonce), body.as_slice())
        .map_err(|_| failed())
}

fn totp(secret: Vec<u8>, account: &str) -> Result<TOTP, AppError> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS,
        secret,
        Some(ISSUER.to_owned()),
        account.replace(':', ""),
    )
    .map_err(|error| {
        tracing::error!(?error, "cannot build a TOTP");
        AppError::ServerError
    })
}

fn current_step() -> u64 {
    now().max(0) as u64 / STEP_SECS
}

/// What the enrolment page shows: the QR code, and the key to type instead.
pub struct Enrolment {
    pub qr_svg: String,
    pub secret: String,
    pub issuer: String,
    pub account: String,
}

/// Starts (or restarts) enrolment: a new secret, sealed and stored, not yet
/// enabled. Refused while two-factor is on (disable it first).
pub async fn begin(
    pool: &Pool,
    settings: &Settings,
    user_id: i64,
    account: &str,
) -> Result<Enrolment, AppError> {
    let key = sealing_key(settings, store::two_factor_secrets_exist(pool).await?)?;
    let mut secret = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let totp = totp(secret.clone(), account)?;
    let sealed = seal(&key, &secret)?;
    if !store::store_pending_secret(pool, user_id, &sealed, now()).await? {
        return Err(AppError::invalid("code", "two-factor-already-on"));
    }
    let qr_svg = qrcode::QrCode::new(totp.get_url())
        .map_err(|error| {
            tracing::error!(%error, "cannot draw the enrolment QR code");
            AppError::ServerError
        })?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(Enrolment {
        qr_svg,
        secret: totp.get_secret_base32(),
        issuer: ISSUER.to_owned(),
        account: totp.account_name.clone(),
    })
}

/// Turns two-factor on with a key chosen beforehand (base32), without
/// recovery codes: the demo accounts', printed with their logins so that
/// anyone trying the demo can add them to an authenticator app.
pub async fn enable_with_key(
    pool: &Pool,
    settings: &Settings,
    user_id: i64,
    base32_key: &str,
) -> Result<(), AppError> {
    let secret = totp_rs::Secret::Encoded(base32_key.to_owned())
        .to_bytes()
        .map_err(|_| {
            tracing::error!("a preset two-factor key is not base32");
            AppError::ServerError
        })?;
    let key = sealing_key(settings, store::two_factor_secrets_exist(pool).await?)?;
    store::store_enabled_secret(pool, user_id, &seal(&key, &secret)?, now()).await?;
    Ok(())
}

/// Normalises a typed code: digits and letters only, upper case.
fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The code in what was typed ("123 456", "123-456"), if it is six ASCII
/// digits once spaces and marks are gone.
fn six_digits(typed: &str) -> Option<String> {
    let code = normalise(typed);
    (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())).then_some(code)
}

/// What a typed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// A code of an accepted step or an earlier one: somebody saw it used.
    Replayed,
    Wrong,
}

/// Accepts a six-digit code of `user_id`'s secret (enabled, or pending when
/// `pending` is set) for the current step ±1 and later than the last one
/// accepted; moves `last_step` in the same statement. False otherwise.
pub async fn accept_code(
    conn: &mut AnyConnection,
    settings: &Settings,
    user_id: i64,
    typed: &str,
    pending: bool,
) -> Result<bool, AppError> {
    Ok(check_code(conn, settings, user_id, typed, pending).await? == CodeCheck::Accepted)
}

/// Like [`accept_code`], telling a code used already from a wrong one.
pub async fn check_code(
    conn: &mut AnyConnection,
    settings: &Settings,
    user_id: i64,
    typed: &str,
    pending: bool,
) -> Result<CodeCheck, AppError> {
    let Some(code) = six_digits(typed) else {
        return Ok(CodeCheck::Wrong);
    };
    let Some((sealed, last_step)) = store::sealed_secret(&mut *conn, user_id, pending).await?
    else {
        return Ok(CodeCheck::Wrong);
    };
    let key = sealing_key(settings, true)?;
    let totp = totp(open(&key, &sealed)?, "account")?;
    let now_step = current_step();
    if let Some(step) = matching_step(&totp, &code, now_step, last_step) {
        let step_i64 = i64::try_from(step).unwrap_or(i64::MAX);
        // False when a parallel request accepted this step first.
        return Ok(if store::move_last_step(conn, user_id, step_i64).await? {
            CodeCheck::Accepted
        } else {
            CodeCheck::Replayed
        });
    }
    Ok(if matching_step(&totp, &code, now_step, -1).is_some() {
        CodeCheck::Replayed
    } else {
        CodeCheck::Wrong
    })
}

/// The time step whose code `code` is, among the steps accepted at
/// `now_step` (one either side, for clocks a little apart) and later than
/// `last_step` (a code is never accepted twice).
fn matching_step(totp: &TOTP, code: &str, now_step: u64, last_step: i64) -> Option<u64> {
    [now_step.saturating_sub(1), now_step, now_step + 1]
        .into_iter()
        .filter(|step| i64::try_from(*step).is_ok_and(|step| step > last_step))
        .find(|step| totp.generate(step * STEP_SECS) == code)
}

fn recovery_hash(user_id: i64, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{user_id}:{}", normalise(code)).as_bytes(),
    ))
}

/// Uses one of `user_id`'s recovery codes, if `typed` is one still unused.
pub async fn accept_recovery_code(
    conn: &mut AnyConnection,
    user_id: i64,
    typed: &str,
) -> StoreResult<bool> {
    if normalise(typed).len() != 12 {
        return Ok(false);
    }
    store::use_recovery_code(conn, user_id, &recovery_hash(user_id, typed)).await
}

/// Turns a pending enrolment on and answers ten new recovery codes (shown
/// once; only their hashes are kept).
pub async fn enable(conn: &mut AnyConnection, user_id: i64) -> StoreResult<Vec<String>> {
    if !store::turn_two_factor_on(&mut *conn, user_id).await? {
        return Err(StoreError::Invalid("code", "two-factor-already-on"));
    }
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| recovery_hash(user_id, code))
        .collect();
    store::replace_recovery_codes(conn, user_id, &hashes).await?;
    Ok(codes)
}

/// "ABCD-EFGH-JKMN": 12 characters from an alphabet without look-alikes.
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key() {
        let key = [7u8; 32];
        let sealed = seal(&key, b"twenty bytes secret!").expect("seals");
        assert!(!sealed.contains("twenty"));
        assert_eq!(open(&key, &sealed).expect("opens"), b"twenty bytes secret!");
        assert!(open(&[8u8; 32], &sealed).is_err());
        assert!(open(&key, "garbage").is_err());
        assert_ne!(
            seal(&key, b"x").ok(),
            seal(&key, b"x").ok(),
            "a fresh nonce each time"
        );
    }

    /// RFC 6238, appendix B: the SHA-1 key "12345678901234567890" at fixed
    /// times. The RFC lists 8-digit codes; a 6-digit code is their last six.
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let totp = totp(b"12345678901234567890".to_vec(), "rfc").expect("builds");
        for (time, eight_digits) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp.generate(time), eight_digits[2..], "at {time}");
        }
    }

    /// With the clock fixed: one step either side is accepted, no further,
    /// and never a step at or before the last one accepted.
    #[test]
    fn a_code_is_accepted_one_step_either_side_and_only_after_the_last() {
        let totp = totp(b"12345678901234567890".to_vec(), "rfc").expect("builds");
        let now = 1_111_111_111 / STEP_SECS;
        let code_of = |step: u64| totp.generate(step * STEP_SECS);
        assert_eq!(matching_step(&totp, &code_of(now), now, 0), Some(now));
        assert_eq!(
            matching_step(&totp, &code_of(now - 1), now, 0),
            Some(now - 1)
        );
        assert_eq!(
            matching_step(&totp, &code_of(now + 1), now, 0),
            Some(now + 1)
        );
        assert_eq!(matching_step(&totp, &code_of(now - 2), now, 0), None);
        assert_eq!(matching_step(&totp, &code_of(now + 2), now, 0), None);
        let last = i64::try_from(now).expect("fits");
        assert_eq!(
            matching_step(&totp, &code_of(now), now, last),
            None,
            "used already"
        );
        assert_eq!(
            matching_step(&totp, &code_of(now - 1), now, last),
            None,
            "older than the last"
        );
        assert_eq!(
            matching_step(&totp, &code_of(now + 1), now, last),
            Some(now + 1)
        );
    }

    #[test]
    fn recovery_codes_are_readable_and_typed_loosely() {
        let code = recovery_code();
        assert_eq!(code.len(), 14);
        assert_eq!(normalise(&code).len(), 12);
        assert_eq!(
            recovery_hash(3, &code.to_lowercase().replace('-', " ")),
            recovery_hash(3, &code)
        );
        assert_ne!(recovery_hash(3, &code), recovery_hash(4, &code));
    }

    use proptest::prelude::*;

    proptest! {
        // Cases: PROPTEST_CASES, 256 unless set.
        #[test]
        fn normalising_is_idempotent_and_keeps_only_ascii_letters_and_digits(
            typed in any::<String>(),
        ) {
            let once = normalise(&typed);
            prop_assert_eq!(normalise(&once), once.clone());
            prop_assert!(once.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
            prop_assert!(once.len() <= typed.len());
        }

        #[test]
        fn a_code_is_exactly_six_ascii_digits_after_normalising(
            typed in any::<String>(),
            near in "[0-9a-zA-Z \\-\t\u{a0}\u{2007}٠-٩０-９]{0,12}",
        ) {
            for typed in [typed, near] {
                let normalised = normalise(&typed);
                let six = normalised.len() == 6 && normalised.bytes().all(|b| b.is_ascii_digit());
                prop_assert_eq!(six_digits(&typed), six.then_some(normalised), "{:?}", typed);
            }
        }

        #[test]
        fn six_digits_are_read_through_spaces_and_dashes_only(
            digits in "[0-9]{6}",
            marks in prop::collection::vec(prop::sample::select(vec!["", " ", "-", "\t", "\u{a0}", " - "]), 7),
            intruder in prop::sample::select(vec!["0", "a", "O", "٣", "３", "¹"]),
            at in 0usize..7,
        ) {
            let typed: String = marks
                .iter()
                .zip(digits.chars().map(String::from).chain([String::new()]))
                .map(|(mark, digit)| format!("{mark}{digit}"))
                .collect();
            prop_assert_eq!(six_digits(&typed), Some(digits.clone()), "{:?}", typed);
            // One more digit or a letter makes it something else; a digit of
            // another script is not one of the six.
            let mut longer = digits.clone();
            longer.insert_str(at.min(6), intruder);
            let ascii = intruder.is_ascii();
            prop_assert_eq!(six_digits(&longer), (!ascii).then(|| digits.clone()), "{:?}", longer);
        }
    }
}
