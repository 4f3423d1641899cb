//! Importing an area's meeting list from a BMLT file the member downloaded, and picking from
//! it when logging attendance. The app never downloads anything.
//!
//! Contract:
//! - Input is the JSON of BMLT's `GetSearchResults` (an array of meetings, or an object with a
//!   `meetings` array), optionally with `GetFormats` JSON (an array of formats, or an object
//!   with a `formats` array) to decode format codes to names. Each file is at most
//!   [`MEETING_LIST_MAX_BYTES`]; a list holds at most [`MEETING_LIST_MAX_MEETINGS`].
//! - Lenient on types (BMLT writes most numbers as strings; either is accepted), strict on
//!   structure: a meeting that is not an object, or lacks an id, a name or a weekday from 1 to
//!   7, or has a start time that is not a time, refuses the whole file, naming the meeting's
//!   position. Unknown fields are ignored; unpublished meetings (`published` = 0) are skipped.
//!   Text longer than the journal keeps is cut at its limit; an over-long link is left out.
//! - The journal keeps **one** list. Importing replaces it, matching meetings by their BMLT id
//!   (with the root server's id when the file names one): changed ones are updated (keeping
//!   their identity), new ones added, ones no longer listed removed, all in one transaction.
//!   Attendance ([`crate::Meeting`] records) is never touched. Any error changes nothing.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::error::{JournalError, Result};
use crate::journal::Journal;
use crate::model::{
    AnyRecord, Attendance, LINK_MAX, ListedMeeting, Meeting, MeetingFormat, RecordKind,
};
use crate::search;
use crate::validate::SHORT_TEXT_MAX;

/// Largest meeting list or formats file read: 10 MiB (a large region's list is about 3 MiB).
pub const MEETING_LIST_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Most meetings one list may hold.
pub const MEETING_LIST_MAX_MEETINGS: usize = 20_000;
/// Most formats a formats file may hold.
const MAX_FORMATS: usize = 5_000;
/// Most formats kept per meeting (the journal's list limit is 100; BMLT meetings have few).
const MAX_FORMATS_PER_MEETING: usize = 16;

/// What an import of a meeting list did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingListSummary {
    /// Meetings new to the list.
    pub added: u32,
    /// Meetings already listed whose details changed.
    pub updated: u32,
    /// Meetings already listed, unchanged.
    pub unchanged: u32,
    /// Meetings no longer in the file, removed from the list.
    pub removed: u32,
    /// Meetings in the list now.
    pub total: u32,
    /// Meetings in the file left out because they are not published.
    pub skipped_unpublished: u32,
}

fn malformed(index: Option<usize>) -> JournalError {
    JournalError::MeetingListMalformed {
        meeting: index.map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
    }
}

/// A string or a number as text; `None` for null or absent; `Err` for arrays and objects.
fn text(v: Option<&Value>) -> std::result::Result<Option<String>, ()> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(if *b { "1" } else { "0" }.to_owned())),
        Some(_) => Err(()),
    }
}

/// At most `max` characters of `s`.
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// "19:30:00" or "19:30".
fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

/// "01:30:00" as 90 minutes; none for zero or nonsense.
fn parse_duration(s: &str) -> Option<u32> {
    let mut parts = s.split(':').map(|p| p.trim().parse::<u32>().ok());
    let h = parts.next()??;
    let m = parts.next().flatten().unwrap_or(0);
    let minutes = h.checked_mul(60)?.checked_add(m)?;
    (1..=Meeting::MAX_DURATION_MINUTES)
        .contains(&minutes)
        .then_some(minutes)
}

/// A format as the formats file describes it.
struct FormatInfo {
    key: String,
    name: String,
}

/// The formats file, by shared id and by key.
#[derive(Default)]
struct Formats {
    by_id: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    all: Vec<FormatInfo>,
}

fn parse_formats(bytes: &[u8]) -> Result<Formats> {
    if bytes.len() > MEETING_LIST_MAX_BYTES {
        return Err(too_large());
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|_| malformed(None))?;
    let list = match &doc {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("formats") {
            Some(Value::Array(a)) => a,
            _ => return Err(malformed(None)),
        },
        _ => return Err(malformed(None)),
    };
    if list.len() > MAX_FORMATS {
        return Err(malformed(None));
    }
    let mut formats = Formats::default();
    for item in list {
        let Value::Object(o) = item else {
            return Err(malformed(None));
        };
        let field = |k: &str| text(o.get(k)).map_err(|()| malformed(None));
        let Some(key) = field("key_string")? else {
            continue;
        };
        let name = field("name_string")?.unwrap_or_else(|| key.clone());
        let at = formats.all.len();
        formats.all.push(FormatInfo {
            key: cut(&key, SHORT_TEXT_MAX),
            name: cut(&name, SHORT_TEXT_MAX),
        });
        // The first entry wins when a file holds several languages.
        if let Some(id) = field("id")? {
            formats.by_id.entry(id).or_insert(at);
        }
        formats.by_key.entry(key.to_lowercase()).or_insert(at);
    }
    Ok(formats)
}

/// Our format for a BMLT format key or name, where the meaning is plain.
fn known_format(key: &str, name: &str) -> Option<MeetingFormat> {
    let by_key = match key.to_lowercase().as_str() {
        "o" => Some(MeetingFormat::Open),
        "c" => Some(MeetingFormat::Closed),
        "d" => Some(MeetingFormat::Discussion),
        "sp" | "spk" => Some(MeetingFormat::Speaker),
        "st" | "swg" | "stp" => Some(MeetingFormat::StepStudy),
        "lit" | "bt" | "jft" | "lc" | "iw" | "ip" | "gp" => Some(MeetingFormat::Literature),
        "beg" | "nc" | "nm" => Some(MeetingFormat::Newcomer),
        "cl" | "cdl" | "cand" => Some(MeetingFormat::Candlelight),
        _ => None,
    };
    if by_key.is_some() {
        return by_key;
    }
    let name = search::fold(name);
    if name == "open" {
        Some(MeetingFormat::Open)
    } else if name == "closed" {
        Some(MeetingFormat::Closed)
    } else if name.contains("candlelight") {
        Some(MeetingFormat::Candlelight)
    } else if name.contains("newcomer") || name.contains("beginner") {
        Some(MeetingFormat::Newcomer)
    } else if name.contains("speaker") {
        Some(MeetingFormat::Speaker)
    } else if name.contains("step") {
        Some(MeetingFormat::StepStudy)
    } else if name.contains("literature")
        || name.contains("basic text")
        || name.contains("just for today")
        || name.contains("living clean")
    {
        Some(MeetingFormat::Literature)
    } else if name.contains("discussion") || name.contains("participation") {
        Some(MeetingFormat::Discussion)
    } else {
        None
    }
}

fn too_large() -> JournalError {
    JournalError::ImportTooLarge {
        max_mib: (MEETING_LIST_MAX_BYTES >> 20) as u32,
    }
}

/// Parse a `GetSearchResults` file into listed meetings (without ids). Returns the meetings
/// and how many unpublished ones were skipped.
fn parse_meetings(
    bytes: &[u8],
    formats: Option<&Formats>,
    today: NaiveDate,
) -> Result<(Vec<ListedMeeting>, u32)> {
    if bytes.len() > MEETING_LIST_MAX_BYTES {
        return Err(too_large());
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|_| malformed(None))?;
    let (list, embedded_formats) = match &doc {
        Value::Array(a) => (a, None),
        Value::Object(o) => match o.get("meetings") {
            Some(Value::Array(a)) => (a, o.get("formats")),
            _ => return Err(malformed(None)),
        },
        _ => return Err(malformed(None)),
    };
    if list.is_empty() {
        return Err(malformed(None));
    }
    if list.len() > MEETING_LIST_MAX_MEETINGS {
        return Err(too_large());
    }
    let embedded = match (formats, embedded_formats) {
        (None, Some(f)) => Some(parse_formats(
            &serde_json::to_vec(f).map_err(|_| malformed(None))?,
        )?),
        _ => None,
    };
    let formats = formats.or(embedded.as_ref());
    let mut out = Vec::with_capacity(list.len());
    let mut seen = std::collections::HashSet::new();
    let mut skipped = 0u32;
    for (i, item) in list.iter().enumerate() {
        let Value::Object(o) = item else {
            return Err(malformed(Some(i)));
        };
        let field = |k: &str| text(o.get(k)).map_err(|()| malformed(Some(i)));
        if field("published")?.as_deref() == Some("0") {
            skipped += 1;
            continue;
        }
        let id = field("id_bigint")?.ok_or_else(|| malformed(Some(i)))?;
        let root = field("root_server_id")?;
        let source_id = cut(
            &match &root {
                Some(r) => format!("{r}:{id}"),
                None => id,
            },
            SHORT_TEXT_MAX,
        );
        if !seen.insert(source_id.clone()) {
            continue;
        }
        let name = field("meeting_name")?.ok_or_else(|| malformed(Some(i)))?;
        let weekday: u8 = field("weekday_tinyint")?
            .and_then(|w| w.parse().ok())
            .filter(|w| (1..=7).contains(w))
            .ok_or_else(|| malformed(Some(i)))?;
        let start_time = match field("start_time")? {
            None => None,
            Some(t) => Some(parse_time(&t).ok_or_else(|| malformed(Some(i)))?),
        };
        let duration_minutes = field("duration_time")?.and_then(|d| parse_duration(&d));
        let mut place = [
            field("location_text")?,
            field("location_street")?,
            field("location_municipality")?,
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        if let Some(info) = field("location_info")? {
            place = if place.is_empty() {
                info
            } else {
                format!("{place} ({info})")
            };
        }
        let link = field("virtual_meeting_link")?.unwrap_or_default();
        let online_link = if link.chars().count() > LINK_MAX {
            String::new()
        } else {
            link
        };
        let phone = field("phone_meeting_number")?.unwrap_or_default();
        let online = !online_link.is_empty() || !phone.is_empty();
        let attendance = match field("venue_type")?.as_deref() {
            Some("2") => Attendance::Online,
            Some("3") => Attendance::Hybrid,
            Some("1") => Attendance::InPerson,
            _ if online && place.is_empty() => Attendance::Online,
            _ if online => Attendance::Hybrid,
            _ => Attendance::InPerson,
        };
        let (known, names) =
            meeting_formats(field("format_shared_id_list")?, field("formats")?, formats);
        let mut source = match (&root, field("service_body_bigint")?) {
            (Some(r), Some(sb)) => format!("BMLT root server {r}, service body {sb}"),
            (None, Some(sb)) => format!("BMLT service body {sb}"),
            (Some(r), None) => format!("BMLT root server {r}"),
            (None, None) => "imported".to_owned(),
        };
        source = cut(&source, SHORT_TEXT_MAX);
        out.push(ListedMeeting {
            id: Uuid::nil(),
            source_id,
            source,
            name: cut(&name, SHORT_TEXT_MAX),
            weekday: bmlt_to_iso_weekday(weekday),
            start_time,
            duration_minutes,
            place: cut(&place, SHORT_TEXT_MAX),
            online_link,
            phone: cut(&phone, SHORT_TEXT_MAX),
            attendance,
            formats: known,
            format_names: names,
            imported_on: today,
        });
    }
    if out.is_empty() {
        return Err(malformed(None));
    }
    Ok((out, skipped))
}

/// BMLT counts 1 = Sunday to 7 = Saturday; the journal counts ISO 1 = Monday to 7 = Sunday.
fn bmlt_to_iso_weekday(bmlt: u8) -> u8 {
    if bmlt == 1 { 7 } else { bmlt - 1 }
}

/// Decode a meeting's formats: by shared id through the formats file when both are there,
/// else by key (named through the formats file when given, else the key itself).
fn meeting_formats(
    shared_ids: Option<String>,
    keys: Option<String>,
    formats: Option<&Formats>,
) -> (Vec<MeetingFormat>, Vec<String>) {
    let split = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let (Some(f), Some(ids)) = (formats, shared_ids.as_deref()) {
        for id in split(ids) {
            if let Some(info) = f.by_id.get(&id).and_then(|at| f.all.get(*at)) {
                pairs.push((info.key.clone(), info.name.clone()));
            }
        }
    }
    if pairs.is_empty() {
        for key in keys.as_deref().map(split).unwrap_or_default() {
            let name = formats
                .and_then(|f| {
                    f.by_key
                        .get(&key.to_lowercase())
                        .and_then(|at| f.all.get(*at))
                })
                .map_or_else(|| key.clone(), |info| info.name.clone());
            pairs.push((key, name));
        }
    }
    let mut known = Vec::new();
    let mut names = Vec::new();
    for (key, name) in pairs.into_iter().take(MAX_FORMATS_PER_MEETING) {
        if let Some(f) = known_format(&key, &name)
            && !known.contains(&f)
        {
            known.push(f);
        }
        let name = cut(&name, SHORT_TEXT_MAX);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (known, names)
}

/// Whether two listed meetings say the same, ignoring identity and import day.
fn same_details(a: &ListedMeeting, b: &ListedMeeting) -> bool {
    let strip = |m: &ListedMeeting| ListedMeeting {
        id: Uuid::nil(),
        imported_on: NaiveDate::MIN,
        ..m.clone()
    };
    strip(a) == strip(b)
}

impl ListedMeeting {
    /// A meeting attended on `date`, prefilled from this listed meeting (name, time, length,
    /// place (none when online), how it is held, formats), ready for the member to adjust and save.
    pub fn meeting_on(&self, date: NaiveDate) -> Meeting {
        Meeting {
            id: Uuid::nil(),
            date,
            start_time: self.start_time,
            duration_minutes: self.duration_minutes,
            name: self.name.clone(),
            group: String::new(),
            formats: self.formats.clone(),
            attendance: self.attendance,
            // An online meeting has no place: its attendance says "online", in the member's
            // language, wherever it is shown.
            place: match self.attendance {
                Attendance::Online => String::new(),
                _ => self.place.clone(),
            },
            service_role: String::new(),
            shared: false,
            notes: String::new(),
        }
    }
}

impl Journal {
    /// Import a meeting list (see the module contract). `formats` is the optional
    /// `GetFormats` file. Nothing changes unless the whole file is read.
    pub fn import_meeting_list(
        &mut self,
        search_results: &[u8],
        formats: Option<&[u8]>,
        today: NaiveDate,
    ) -> Result<MeetingListSummary> {
        if search_results.len() > MEETING_LIST_MAX_BYTES
            || formats.is_some_and(|f| f.len() > MEETING_LIST_MAX_BYTES)
        {
            return Err(too_large());
        }
        let formats = formats.map(parse_formats).transpose()?;
        let (incoming, skipped) = parse_meetings(search_results, formats.as_ref(), today)?;
        let existing: HashMap<String, ListedMeeting> = self
            .all::<ListedMeeting>()
            .map(|m| (m.source_id.clone(), m.clone()))
            .collect();
        let mut summary = MeetingListSummary {
            added: 0,
            updated: 0,
            unchanged: 0,
            removed: 0,
            total: u32::try_from(incoming.len()).unwrap_or(u32::MAX),
            skipped_unpublished: skipped,
        };
        let mut puts = Vec::new();
        let mut kept = std::collections::HashSet::new();
        for mut m in incoming {
            match existing.get(&m.source_id) {
                Some(old) => {
                    kept.insert(old.id);
                    if same_details(old, &m) {
                        summary.unchanged += 1;
                        continue;
                    }
                    m.id = old.id;
                    summary.updated += 1;
                }
                None => summary.added += 1,
            }
            puts.push(AnyRecord::ListedMeeting(m));
        }
        let deletes: Vec<(RecordKind, Uuid)> = existing
            .values()
            .filter(|m| !kept.contains(&m.id))
            .map(|m| (RecordKind::ListedMeeting, m.id))
            .collect();
        summary.removed = u32::try_from(deletes.len()).unwrap_or(u32::MAX);
        self.write_batch(puts, &deletes, today)?;
        Ok(summary)
    }

    /// Remove the whole meeting list (attendance records stay). Returns how many were removed.
    pub fn clear_meeting_list(&mut self, today: NaiveDate) -> Result<u32> {
        let deletes: Vec<(RecordKind, Uuid)> = self
            .all::<ListedMeeting>()
            .map(|m| (RecordKind::ListedMeeting, m.id))
            .collect();
        self.write_batch(Vec::new(), &deletes, today)?;
        Ok(u32::try_from(deletes.len()).unwrap_or(u32::MAX))
    }

    /// How many meetings the area list holds (0: no list).
    pub fn meeting_list_count(&self) -> usize {
        self.all::<ListedMeeting>().count()
    }

    /// Listed meetings to pick from: every word of `query` in the name, place or a format name
    /// (case- and accent-insensitive; all when empty), on `weekday` (ISO, 1 Monday to 7
    /// Sunday) when given; by weekday, start time and name.
    pub fn meeting_list(&self, query: &str, weekday: Option<u8>) -> Vec<ListedMeeting> {
        let words: Vec<String> = search::fold(query)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        let mut v: Vec<ListedMeeting> = self
            .all::<ListedMeeting>()
            .filter(|m| weekday.is_none_or(|w| m.weekday == w))
            .filter(|m| {
                if words.is_empty() {
                    return true;
                }
                let hay = search::fold(&format!(
                    "{} {} {}",
                    m.name,
                    m.place,
                    m.format_names.join(" ")
                ));
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            (a.weekday, a.start_time, &a.name, a.id).cmp(&(b.weekday, b.start_time, &b.name, b.id))
        });
        v
    }

    /// Listed meetings held on the weekday of `date`, for logging that day's meeting.
    pub fn meetings_listed_on(&self, date: NaiveDate) -> Vec<ListedMeeting> {
        let iso = u8::try_from(date.weekday().number_from_monday()).unwrap_or(0);
        self.meeting_list("", Some(iso))
    }
}
