//! What every page shares: the frame around it (title, language switch, who is signed in), and
//! small formatting helpers the templates call.

use domain::Assembly;
use i18n::{Lang, Tr};
use record::PublicKey;

use crate::ctx::Ctx;

/// A link of the language switch.
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// A step of the breadcrumb trail.
pub struct Crumb {
    pub href: String,
    pub label: String,
}

/// The frame of every page.
pub struct Chrome<'a> {
    pub tr: Tr<'a>,
    pub lang: &'static str,
    pub title: String,
    pub languages: Vec<LangLink>,
    pub crumbs: Vec<Crumb>,
    /// The signed-in member's name in the current assembly, if the page is an assembly's.
    pub viewer_name: Option<String>,
    /// The messages the page's script may show, as JSON safe to embed in a `<script>`.
    pub script_messages: String,
}

impl<'a> Chrome<'a> {
    #[must_use]
    pub fn new(ctx: &'a Ctx, title: String) -> Self {
        let languages = Lang::ALL
            .into_iter()
            .map(|l| LangLink {
                code: l.code(),
                name: l.native_name(),
                href: format!("{}?lang={}", ctx.path, l.code()),
                current: l == ctx.lang,
            })
            .collect();
        let tr = ctx.tr();
        let messages: serde_json::Map<String, serde_json::Value> = ctx
            .state
            .catalog
            .ids()
            .into_iter()
            .filter(|id| id.starts_with("js-"))
            .map(|id| {
                let text = tr.t(&id);
                (id, serde_json::Value::String(text))
            })
            .collect();
        let script_messages = serde_json::to_string(&messages)
            .expect("strings serialise")
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026");
        Self {
            tr,
            lang: ctx.lang.code(),
            title,
            languages,
            crumbs: Vec::new(),
            viewer_name: None,
            script_messages,
        }
    }

    /// Adds the assembly to the breadcrumb trail and names the viewer in it.
    #[must_use]
    pub fn in_assembly(mut self, ctx: &Ctx, assembly: &Assembly) -> Self {
        self.crumbs
            .push(Crumb { href: format!("/a/{}", assembly.id), label: assembly.name.clone() });
        self.viewer_name =
            ctx.viewer.and_then(|k| assembly.members.get(&k)).map(|m| m.name.clone());
        self
    }
}

/// A member's name in an assembly, or a short form of their key if they are not a member.
#[must_use]
pub fn member_name(assembly: &Assembly, key: &PublicKey) -> String {
    assembly.members.get(key).map_or_else(|| key.short(), |m| m.name.clone())
}

/// A moment as ISO 8601 in UTC, for `<time datetime>`; the page's script shows it in the
/// reader's own time zone.
#[must_use]
pub fn iso_time(ms: u64) -> String {
    let (y, mo, d, h, mi) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}Z")
}

/// A moment as shown before the script localises it: `2026-01-05 09:00 UTC`.
#[must_use]
pub fn show_time(ms: u64) -> String {
    let (y, mo, d, h, mi) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
}

/// Year, month, day, hour and minute (UTC) of a moment in milliseconds since the epoch, by
/// Howard Hinnant's days-to-civil algorithm.
fn civil(ms: u64) -> (i64, u32, u32, u32, u32) {
    let secs = i64::try_from(ms / 1000).unwrap_or(i64::MAX);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    let h = u32::try_from(rem / 3600).unwrap_or(0);
    let mi = u32::try_from(rem % 3600 / 60).unwrap_or(0);
    (y, m, d, h, mi)
}

/// A share as a whole percentage, rounded down (turnout bars).
#[must_use]
pub fn percent(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        u64::try_from(u128::from(part) * 100 / u128::from(whole)).unwrap_or(100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_moments_in_utc() {
        assert_eq!(show_time(0), "1970-01-01 00:00 UTC");
        assert_eq!(iso_time(1_767_603_600_000), "2026-01-05T09:00Z");
        assert_eq!(show_time(951_782_400_000), "2000-02-29 00:00 UTC");
    }

    #[test]
    fn percentages_round_down_and_survive_zero() {
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(5, 0), 0);
    }
}
