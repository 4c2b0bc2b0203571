//! Number and byte encodings without `core::fmt` (it costs kilobytes of wasm):
//! decimal, lower-case base 36, base64url, and the two date formats cookies
//! and records need.

const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// The URL- and cookie-safe base64 alphabet (RFC 4648 §5), no padding.
pub const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` in the given radix (2..=36).
fn push_radix(out: &mut String, n: u64, radix: u64) {
    if n >= radix {
        push_radix(out, n / radix, radix);
    }
    // Never the fallback: the digit is below the radix, at most 36.
    out.push(char::from(BASE36.get((n % radix) as usize).copied().unwrap_or(b'0')));
}

/// Appends `n` in decimal.
pub fn push_decimal(out: &mut String, n: u64) {
    push_radix(out, n, 10);
}

/// Appends `n` in lower-case base 36.
pub fn push_base36(out: &mut String, n: u64) {
    push_radix(out, n, 36);
}

/// `n` in decimal, zero-padded to `width` digits.
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = 1;
    let mut rest = n;
    while rest >= 10 {
        rest /= 10;
        digits += 1;
    }
    for _ in digits..width {
        out.push('0');
    }
    push_decimal(out, n);
}

/// Parses a canonical unsigned number in `radix` (no sign, no leading zero
/// unless the number is 0, lower-case letters only). `None` on anything else.
pub fn parse_radix(s: &str, radix: u32) -> Option<u64> {
    if s.is_empty() || s.len() > 1 && s.starts_with('0') {
        return None;
    }
    let mut n: u64 = 0;
    for b in s.bytes() {
        let digit = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'a'..=b'z' => u32::from(b - b'a') + 10,
            _ => return None,
        };
        if digit >= radix {
            return None;
        }
        n = n.checked_mul(u64::from(radix))?.checked_add(u64::from(digit))?;
    }
    Some(n)
}

/// The value of one base64url character.
pub fn base64url_value(c: u8) -> Option<u8> {
    BASE64URL.iter().position(|&a| a == c).map(|p| p as u8)
}

/// Civil date (year, month 1-12, day 1-31) and weekday (0 = Sunday) of a day
/// count since 1970-01-01. Howard Hinnant's `civil_from_days`.
fn civil(days: u64) -> (u64, u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let weekday = (days + 4) % 7; // 1970-01-01 was a Thursday
    (year, month, day, weekday)
}

/// Appends an HTTP date (RFC 7231 IMF-fixdate), as `Expires` wants:
/// `Thu, 01 Jan 1970 00:00:00 GMT`.
pub fn push_http_date(out: &mut String, unix_secs: u64) {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (year, month, day, weekday) = civil(unix_secs / 86_400);
    let secs = unix_secs % 86_400;
    out.push_str(DAYS.get(weekday as usize).copied().unwrap_or_default());
    out.push_str(", ");
    push_padded(out, day, 2);
    out.push(' ');
    out.push_str(MONTHS.get(month.wrapping_sub(1) as usize).copied().unwrap_or_default());
    out.push(' ');
    push_padded(out, year, 4);
    out.push(' ');
    push_clock(out, secs);
    out.push_str(" GMT");
}

fn push_clock(out: &mut String, secs: u64) {
    push_padded(out, secs / 3600, 2);
    out.push(':');
    push_padded(out, secs / 60 % 60, 2);
    out.push(':');
    push_padded(out, secs % 60, 2);
}

/// Appends an ISO 8601 UTC time, `2026-11-23T09:04:00Z`.
pub fn push_iso_date(out: &mut String, unix_secs: u64) {
    let (year, month, day, _) = civil(unix_secs / 86_400);
    push_padded(out, year, 4);
    out.push('-');
    push_padded(out, month, 2);
    out.push('-');
    push_padded(out, day, 2);
    out.push('T');
    push_clock(out, unix_secs % 86_400);
    out.push('Z');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_round_trips_and_is_canonical() {
        for n in [0u64, 1, 35, 36, 1_763_000_000, u64::MAX] {
            let mut s = String::new();
            push_base36(&mut s, n);
            assert_eq!(parse_radix(&s, 36), Some(n), "{s}");
            let mut d = String::new();
            push_decimal(&mut d, n);
            assert_eq!(d, n.to_string());
        }
        assert_eq!(parse_radix("01", 10), None);
        assert_eq!(parse_radix("A", 36), None);
        assert_eq!(parse_radix("a", 10), None);
        assert_eq!(parse_radix("", 10), None);
        assert_eq!(parse_radix("99999999999999999999999", 10), None);
    }

    #[test]
    fn dates_match_known_values() {
        let mut s = String::new();
        push_http_date(&mut s, 0);
        assert_eq!(s, "Thu, 01 Jan 1970 00:00:00 GMT");
        s.clear();
        push_http_date(&mut s, 1_795_424_640); // 2026-11-23 09:04:00 UTC, a Monday
        assert_eq!(s, "Mon, 23 Nov 2026 09:04:00 GMT");
        s.clear();
        push_iso_date(&mut s, 951_782_400); // leap day 2000
        assert_eq!(s, "2000-02-29T00:00:00Z");
    }
}
