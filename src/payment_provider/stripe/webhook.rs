//! Stripe's webhooks: [`verify`] checks that Stripe sent the request (the
//! `Stripe-Signature` header), [`parse`] reads the event. An event is
//! believed only once both pass; what it says is still checked against
//! the PaymentIntent it names before anything is settled.

use super::objects::{expandable_id, PaymentIntent};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How far the signature's time may be from ours, either way: a captured
/// request replayed later is refused, a server clock a little off is not.
pub const TOLERANCE_SECONDS: i64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureRefusal {
    /// No `t=` with a number, or no `v1=`: not a Stripe signature.
    #[error("the Stripe-Signature header is malformed")]
    Malformed,
    #[error("the signature's time is more than 5 minutes from now")]
    OutsideTolerance,
    /// None of the `v1` signatures is this payload's under our secret.
    #[error("no signature matches")]
    Mismatch,
}

/// Checks `header` (`t=…,v1=…[,v1=…][,v0=…]`) against `payload` as it
/// arrived, signed with `secret` (the endpoint's `whsec_…`): an HMAC-SHA256
/// over `"{t}.{payload}"`, any one `v1` matching (Stripe sends two while a
/// secret is being rolled), compared in constant time. Other schemes
/// (`v0`, test signatures) are ignored.
pub fn verify(
    secret: &str,
    header: &str,
    payload: &[u8],
    now_unix: i64,
) -> Result<(), SignatureRefusal> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        let Some((name, value)) = part.trim().split_once('=') else {
            continue;
        };
        match name {
            "t" => timestamp = Some(value),
            "v1" => signatures.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureRefusal::Malformed)?;
    let sent_at: i64 = timestamp.parse().map_err(|_| SignatureRefusal::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureRefusal::Malformed);
    }
    if now_unix.abs_diff(sent_at) > TOLERANCE_SECONDS.unsigned_abs() {
        return Err(SignatureRefusal::OutsideTolerance);
    }
    // HMAC takes a key of any length: this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .map_err(|_| SignatureRefusal::Mismatch)?;
    // Signed as the header wrote the time, not as we would write it again.
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload);
    let matches = signatures.iter().any(|signature| {
        hex::decode(signature).is_ok_and(|bytes| mac.clone().verify_slice(&bytes).is_ok())
    });
    if matches {
        Ok(())
    } else {
        Err(SignatureRefusal::Mismatch)
    }
}

/// A verified event, with what Portico acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `evt_…`: handled once, however often it is delivered.
    pub id: String,
    /// When Stripe made it (Unix seconds).
    pub created: i64,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    PaymentIntentSucceeded(PaymentIntent),
    PaymentIntentFailed(PaymentIntent),
    ChargeRefunded {
        charge: String,
        payment_intent: Option<String>,
        /// All refunds of the charge together, in minor units.
        amount_refunded: i64,
    },
    DisputeCreated {
        charge: String,
        payment_intent: Option<String>,
        amount: i64,
        reason: String,
    },
    /// Any other type, by name: acknowledged, not acted on.
    Other(String),
}

#[derive(Debug, thiserror::Error)]
#[error("unreadable Stripe event: {0}")]
pub struct UnreadableEvent(#[from] serde_json::Error);

/// Reads an event's JSON. A type Portico does not act on is
/// [`EventKind::Other`], never an error, whatever its object holds.
pub fn parse(payload: &[u8]) -> Result<Event, UnreadableEvent> {
    #[derive(Deserialize)]
    struct Envelope {
        id: String,
        created: i64,
        #[serde(rename = "type")]
        kind: String,
        data: Data,
    }
    #[derive(Deserialize)]
    struct Data {
        object: serde_json::Value,
    }
    #[derive(Deserialize)]
    struct Charge {
        id: String,
        #[serde(default, deserialize_with = "expandable_id")]
        payment_intent: Option<String>,
        amount_refunded: i64,
    }
    #[derive(Deserialize)]
    struct Dispute {
        #[serde(deserialize_with = "required_id")]
        charge: String,
        #[serde(default, deserialize_with = "expandable_id")]
        payment_intent: Option<String>,
        amount: i64,
        #[serde(default)]
        reason: String,
    }
    let envelope: Envelope = serde_json::from_slice(payload)?;
    let object = envelope.data.object;
    let kind = match envelope.kind.as_str() {
        "payment_intent.succeeded" => {
            EventKind::PaymentIntentSucceeded(serde_json::from_value(object)?)
        }
        "payment_intent.payment_failed" => {
            EventKind::PaymentIntentFailed(serde_json::from_value(object)?)
        }
        "charge.refunded" => {
            let charge: Charge = serde_json::from_value(object)?;
            EventKind::ChargeRefunded {
                charge: charge.id,
                payment_intent: charge.payment_intent,
                amount_refunded: charge.amount_refunded,
            }
        }
        "charge.dispute.created" => {
            let dispute: Dispute = serde_json::from_value(object)?;
            EventKind::DisputeCreated {
                charge: dispute.charge,
                payment_intent: dispute.payment_intent,
                amount: dispute.amount,
                reason: dispute.reason,
            }
        }
        _ => EventKind::Other(envelope.kind),
    };
    Ok(Event {
        id: envelope.id,
        created: envelope.created,
        kind,
    })
}

fn required_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    expandable_id(deserializer)?.ok_or_else(|| serde::de::Error::custom("missing id"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_780_000_000;
    const PAYLOAD: &[u8] = br#"{"id":"evt_1","object":"event"}"#;

    fn sign(secret: &str, timestamp: i64, payload: &[u8]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{timestamp}.").as_bytes());
        mac.update(payload);
        hex::encode(mac.finalize().into_bytes())
    }

    #[test]
    fn a_good_signature_passes() {
        let header = format!("t={NOW},v1={}", sign(SECRET, NOW, PAYLOAD));
        assert_eq!(verify(SECRET, &header, PAYLOAD, NOW), Ok(()));
        // As Stripe sends it, with a v0 beside it and spaces tolerated.
        let header = format!("t={NOW}, v1={}, v0=deadbeef", sign(SECRET, NOW, PAYLOAD));
        assert_eq!(verify(SECRET, &header, PAYLOAD, NOW), Ok(()));
    }

    #[test]
    fn another_secret_or_another_payload_is_refused() {
        let header = format!("t={NOW},v1={}", sign("whsec_other", NOW, PAYLOAD));
        assert_eq!(
            verify(SECRET, &header, PAYLOAD, NOW),
            Err(SignatureRefusal::Mismatch)
        );
        let header = format!("t={NOW},v1={}", sign(SECRET, NOW, PAYLOAD));
        assert_eq!(
            verify(SECRET, &header, br#"{"id":"evt_2","object":"event"}"#, NOW),
            Err(SignatureRefusal::Mismatch)
        );
        // The time is part of what is signed: moving it breaks the signature.
        let header = format!("t={},v1={}", NOW + 1, sign(SECRET, NOW, PAYLOAD));
        assert_eq!(
            verify(SECRET, &header, PAYLOAD, NOW),
            Err(SignatureRefusal::Mismatch)
        );
    }

    #[test]
    fn a_stale_or_future_time_is_refused_even_when_signed() {
        for sent in [NOW - 301, NOW + 301, 0, i64::MIN, i64::MAX] {
            let header = format!("t={sent},v1={}", sign(SECRET, sent, PAYLOAD));
            assert_eq!(
                verify(SECRET, &header, PAYLOAD, NOW),
                Err(SignatureRefusal::OutsideTolerance),
                "{sent}"
            );
        }
        for sent in [NOW - 300, NOW + 300] {
            let header = format!("t={sent},v1={}", sign(SECRET, sent, PAYLOAD));
            assert_eq!(verify(SECRET, &header, PAYLOAD, NOW), Ok(()), "{sent}");
        }
    }

    #[test]
    fn any_one_of_several_v1_signatures_may_match() {
        let good = sign(SECRET, NOW, PAYLOAD);
        let old = sign("whsec_rolled_away", NOW, PAYLOAD);
        for header in [
            format!("t={NOW},v1={old},v1={good}"),
            format!("t={NOW},v1={good},v1={old}"),
            format!("t={NOW},v1=not-hex,v1={good}"),
        ] {
            assert_eq!(verify(SECRET, &header, PAYLOAD, NOW), Ok(()), "{header}");
        }
        let header = format!("t={NOW},v1={old},v1={old}");
        assert_eq!(
            verify(SECRET, &header, PAYLOAD, NOW),
            Err(SignatureRefusal::Mismatch)
        );
        // A v0 signature of the right value is not a v1.
        let header = format!("t={NOW},v0={good}");
        assert_eq!(
            verify(SECRET, &header, PAYLOAD, NOW),
            Err(SignatureRefusal::Malformed)
        );
    }

    #[test]
    fn missing_parts_and_malformed_headers_are_refused() {
        let good = sign(SECRET, NOW, PAYLOAD);
        for header in [
            String::new(),
            format!("v1={good}"),
            format!("t={NOW}"),
            format!("t=,v1={good}"),
            format!("t=soon,v1={good}"),
            format!("t={NOW}.5,v1={good}"),
            "t".to_owned(),
            ",,,".to_owned(),
            "===".to_owned(),
            format!("t={NOW};v1={good}"),
        ] {
            assert_eq!(
                verify(SECRET, &header, PAYLOAD, NOW),
                Err(SignatureRefusal::Malformed),
                "{header:?}"
            );
        }
        for header in [
            format!("t={NOW},v1="),
            format!("t={NOW},v1={}", &good[..10]),
            format!("t={NOW},v1={good}00"),
            format!("t={NOW},v1=zz{}", &good[2..]),
        ] {
            assert_eq!(
                verify(SECRET, &header, PAYLOAD, NOW),
                Err(SignatureRefusal::Mismatch),
                "{header:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn random_headers_never_panic(header in ".{0,200}", now in any::<i64>()) {
            let _ = verify(SECRET, &header, PAYLOAD, now);
        }

        #[test]
        fn header_like_text_never_panics(
            parts in proptest::collection::vec("(t|v1|v0|x)=[0-9a-f,=-]{0,70}", 0..6),
            now in any::<i64>(),
        ) {
            let _ = verify(SECRET, &parts.join(","), PAYLOAD, now);
        }
    }

    #[test]
    fn payment_intent_events_carry_the_intent() {
        let event = parse(
            br#"{"id": "evt_1", "object": "event", "created": 1780000000,
                "type": "payment_intent.succeeded", "api_version": "2024-06-20",
                "data": {"object": {"id": "pi_1", "object": "payment_intent",
                    "status": "succeeded", "amount": 1250, "currency": "eur",
                    "customer": "cus_1", "payment_method": "card_1",
                    "latest_charge": {"id": "ch_1", "object": "charge"},
                    "metadata": {"payment": "12"}}}}"#,
        )
        .unwrap();
        assert_eq!((event.id.as_str(), event.created), ("evt_1", 1_780_000_000));
        let EventKind::PaymentIntentSucceeded(intent) = event.kind else {
            panic!("{:?}", event.kind);
        };
        assert_eq!(intent.latest_charge.as_deref(), Some("ch_1"));
        assert_eq!(intent.metadata["payment"], "12");

        let failed = parse(
            br#"{"id": "evt_2", "created": 1, "type": "payment_intent.payment_failed",
                "data": {"object": {"id": "pi_2", "status": "requires_payment_method",
                    "amount": 100, "currency": "eur",
                    "last_payment_error": {"code": "card_declined"}}}}"#,
        )
        .unwrap();
        assert!(matches!(failed.kind, EventKind::PaymentIntentFailed(ref pi) if pi.id == "pi_2"));
    }

    #[test]
    fn refunds_and_disputes_name_their_charge_and_intent() {
        let refunded = parse(
            br#"{"id": "evt_3", "created": 2, "type": "charge.refunded",
                "data": {"object": {"id": "ch_1", "object": "charge", "amount": 1250,
                    "amount_refunded": 500, "payment_intent": "pi_1"}}}"#,
        )
        .unwrap();
        assert_eq!(
            refunded.kind,
            EventKind::ChargeRefunded {
                charge: "ch_1".into(),
                payment_intent: Some("pi_1".into()),
                amount_refunded: 500
            }
        );
        let dispute = parse(
            br#"{"id": "evt_4", "created": 3, "type": "charge.dispute.created",
                "data": {"object": {"id": "dp_1", "object": "dispute", "amount": 1250,
                    "charge": "ch_1", "payment_intent": null, "reason": "fraudulent"}}}"#,
        )
        .unwrap();
        assert_eq!(
            dispute.kind,
            EventKind::DisputeCreated {
                charge: "ch_1".into(),
                payment_intent: None,
                amount: 1250,
                reason: "fraudulent".into()
            }
        );
    }

    #[test]
    fn unknown_kinds_are_other_whatever_they_hold() {
        let event = parse(
            br#"{"id": "evt_5", "created": 4, "type": "customer.source.created",
                "data": {"object": {"id": "card_1", "object": "card", "weird": [1, {}]}}}"#,
        )
        .unwrap();
        assert_eq!(
            event.kind,
            EventKind::Other("customer.source.created".into())
        );
        let event = parse(
            br#"{"id": "evt_6", "created": 5, "type": "balance.available", "data": {"object": 7}}"#,
        )
        .unwrap();
        assert_eq!(event.kind, EventKind::Other("balance.available".into()));
    }

    #[test]
    fn unreadable_events_are_errors_not_panics() {
        for payload in [
            &b""[..],
            b"null",
            b"{}",
            br#"{"id": "evt_7", "created": 1, "type": "payment_intent.succeeded", "data": {"object": {}}}"#,
            br#"{"id": "evt_8", "created": "yesterday", "type": "x", "data": {"object": {}}}"#,
            b"\xff\xfe",
        ] {
            assert!(parse(payload).is_err());
        }
    }
}
