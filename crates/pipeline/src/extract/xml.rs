//! XML records of a known shape. Today: a ModernGov meeting (the `GetMeeting` web-service record
//! that democracy sites publish and scrapers save): the committee, the meeting's date, time and
//! place, its agenda items (number, title, the agenda text and, once published, the minutes of
//! the item, both as escaped HTML) and the members expected to attend, with the role the record
//! gives each. Any other XML is not read.
//!
//! The record becomes an HTML page (the committee as its heading, each item as a numbered
//! heading over its minutes, or its agenda text before minutes are published), read by the HTML
//! reader like any page, and the record's own fields (committee, date, members) are then set on
//! the document as facts: they are stated by the record, not guessed from its text.

use council_model::{Document, DocumentKind, EntityKind, Meeting};
use quick_xml::events::Event;
use quick_xml::Reader;

/// An element of the record: its name, attributes, text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The elements named `name` inside the child named `list` (`<agendaitems>` holding
    /// `<agendaitem>`s); none when there is no such child.
    fn listed<'a>(&'a self, list: &str, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.child(list)
            .into_iter()
            .flat_map(move |l| l.children.iter().filter(move |c| c.name == name))
    }

    /// The trimmed text of the named child; `None` when absent or blank.
    fn field(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    }

    fn attribute(&self, name: &str) -> Option<String> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }
}

/// The deepest nesting read; deeper elements are a malformed or hostile file.
const MAX_DEPTH: usize = 64;

/// Parses XML into a tree of elements; `None` when it is not well formed.
fn tree(text: &str) -> Option<Element> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return None;
                }
                stack.push(element(&e, reader.decoder()));
            }
            Event::Empty(e) => stack
                .last_mut()?
                .children
                .push(element(&e, reader.decoder())),
            Event::End(_) => {
                let done = stack.pop()?;
                stack.last_mut()?.children.push(done);
            }
            Event::Text(t) => stack.last_mut()?.text.push_str(&t.decode().ok()?),
            Event::CData(t) => stack.last_mut()?.text.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().ok()?;
                        quick_xml::escape::resolve_predefined_entity(&name)?.to_string()
                    }
                };
                stack.last_mut()?.text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop()?;
    (stack.is_empty()).then_some(())?;
    root.children.pop()
}

fn element(e: &quick_xml::events::BytesStart, decoder: quick_xml::encoding::Decoder) -> Element {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
    let attributes = e
        .attributes()
        .flatten()
        .filter_map(|a| {
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).to_ascii_lowercase();
            a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
                .ok()
                .map(|v| (key, v.into_owned()))
        })
        .collect();
    Element {
        name,
        attributes,
        ..Element::default()
    }
}

/// One agenda item of a meeting record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The number the agenda prints ("1", "9"), without its trailing full stop.
    pub number: Option<String>,
    /// The item's title.
    pub title: String,
    /// The item's text as HTML: its minutes where published, else its agenda text.
    pub html: String,
    /// Whether `html` is the item's minutes.
    pub minuted: bool,
    /// The documents published with the item: title and publication date (`YYYY-MM-DD`).
    pub documents: Vec<(String, Option<String>)>,
}

/// A member the record lists for the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The name as the record gives it, title included ("Councillor Basil Curley").
    pub name: String,
    /// The role the record gives ("Committee Member", "Chair").
    pub role: Option<String>,
}

/// A ModernGov meeting record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRecord {
    /// The committee (or other body) that meets.
    pub committee: Option<String>,
    /// The meeting's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The meeting's time and place, as the record gives them.
    pub time: Option<String>,
    /// Where the meeting is held.
    pub location: Option<String>,
    /// The agenda items in agenda order.
    pub items: Vec<Item>,
    /// The members listed for the meeting.
    pub members: Vec<Member>,
}

/// Reads a ModernGov meeting record; `None` when the XML has another shape or is malformed.
pub fn meeting(text: &str) -> Option<MeetingRecord> {
    let root = tree(text)?;
    if root.name != "meeting" || root.child("agendaitems").is_none() {
        return None;
    }
    let items = root
        .listed("agendaitems", "agendaitem")
        .filter_map(item)
        .collect();
    let members = root
        .listed("attendees", "attendee")
        .filter_map(|a| {
            Some(Member {
                name: a.attribute("name")?,
                role: a.attribute("roledescription"),
            })
        })
        .collect();
    let committee = root.field("committeetitle").or_else(|| {
        root.child("agendaitems")?
            .children
            .iter()
            .find_map(|i| i.field("refertocommittee"))
    });
    Some(MeetingRecord {
        committee,
        date: root.field("meetingdate").and_then(|d| day_month_year(&d)),
        time: root.field("meetingtime"),
        location: root.field("meetinglocation"),
        items,
        members,
    })
}

fn item(e: &Element) -> Option<Item> {
    let title = e.field("agendaitemtitle")?;
    let number = e
        .field("fulldisplaynumberformat")
        .or_else(|| e.field("minutesitemnumber"))
        .map(|n| n.trim_end_matches('.').trim().to_string())
        .filter(|n| !n.is_empty());
    let minutes = e
        .field("minutesnonemptyhtmlbody")
        .or_else(|| e.field("minutestext"));
    let minuted = minutes.is_some();
    let html = minutes
        .or_else(|| e.field("agendatext"))
        .unwrap_or_default();
    let documents = e
        .listed("linkeddocuments", "linkeddoc")
        .filter_map(|d| {
            let published = d.field("publicationdate").and_then(|p| day_month_year(&p));
            Some((d.field("title")?, published))
        })
        .collect();
    Some(Item {
        number,
        title,
        html,
        minuted,
        documents,
    })
}

/// `DD/MM/YYYY` (ModernGov's form) as `YYYY-MM-DD`.
fn day_month_year(d: &str) -> Option<String> {
    let mut parts = d.split(['/', ' ']).filter(|p| !p.is_empty());
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    crate::dates::iso(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

impl MeetingRecord {
    /// Whether the record carries the minutes of any item.
    pub fn minuted(&self) -> bool {
        self.items.iter().any(|i| i.minuted)
    }

    /// The record as an HTML page for the HTML reader: the committee as its title, the
    /// meeting's date, time and place, the members with their roles, then each item as a numbered heading over its
    /// text. Only the record's own words and values are written.
    pub fn html(&self) -> String {
        let mut out = String::from("<html><body>");
        if let Some(c) = &self.committee {
            out.push_str(&format!("<h1>{}</h1>", escape(c)));
        }
        let when: Vec<String> = [
            self.date
                .as_deref()
                .and_then(council_model::dates::long_date),
            self.time.clone(),
            self.location.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !when.is_empty() {
            out.push_str(&format!("<p>{}</p>", escape(&when.join(", "))));
        }
        if !self.members.is_empty() {
            out.push_str("<ul>");
            for m in &self.members {
                let role = m
                    .role
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                out.push_str(&format!("<li>{}{}</li>", escape(&m.name), escape(&role)));
            }
            out.push_str("</ul>");
        }
        for i in &self.items {
            let number = i
                .number
                .as_deref()
                .map(|n| format!("{n}. "))
                .unwrap_or_default();
            out.push_str(&format!("<h2>{}{}</h2>", escape(&number), escape(&i.title)));
            out.push_str(&format!("<div>{}</div>", i.html));
            if !i.documents.is_empty() {
                let listed: Vec<String> = i
                    .documents
                    .iter()
                    .map(|(title, published)| {
                        match published
                            .as_deref()
                            .and_then(council_model::dates::long_date)
                        {
                            Some(d) => format!("{title} (published {d})"),
                            None => title.clone(),
                        }
                    })
                    .collect();
                let listed = format!("Linked documents: {}.", listed.join("; "));
                out.push_str(&format!("<p>{}</p>", escape(&listed)));
            }
        }
        out.push_str("</body></html>");
        out
    }
}

impl MeetingRecord {
    /// Sets the record's own facts on the document read from its page: a minutes paper when it
    /// carries minutes (else an agenda), titled by its committee, for the meeting of that
    /// committee on the record's date.
    pub fn apply(&self, doc: &mut Document) {
        doc.kind = if self.minuted() {
            DocumentKind::Minutes
        } else {
            DocumentKind::Agenda
        };
        if let Some(c) = &self.committee {
            doc.title = Some(c.clone());
            // The page's title heading opens the paper; it is not a section a clerk would cite.
            if let Some(first) = doc.sections.first_mut() {
                if first.number.is_none() && first.heading.as_deref() == Some(c.as_str()) {
                    first.heading = None;
                }
            }
        }
        // The record's role for each member it lists ("Committee Member") over a title read
        // from the page ("Councillor").
        for m in &self.members {
            let Some(role) = &m.role else { continue };
            for e in doc.entities.iter_mut() {
                let named = m.name == e.value || m.name.ends_with(&format!(" {}", e.value));
                if e.kind == EntityKind::Person && named {
                    e.role = Some(role.clone());
                }
            }
        }
        if self.committee.is_some() || self.date.is_some() {
            doc.meetings = vec![Meeting {
                body: self.committee.clone(),
                date: self.date.clone(),
                ..Meeting::default()
            }];
        }
    }
}

fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingdate>03/07/2025</meetingdate>
  <meetingtime>6.30 pm</meetingtime>
  <meetinglocation>Room 2, Civic Centre</meetinglocation>
  <agendaitems>
    <agendaitem>
      <agendaitemtitle>Apologies &amp; Substitutions</agendaitemtitle>
      <agendatext>&lt;p&gt;To receive apologies.&lt;/p&gt;</agendatext>
      <fulldisplaynumberformat>1.</fulldisplaynumberformat>
      <minutesnonemptyhtmlbody>&lt;p&gt;Apologies were received from Councillor Ann Lee.&lt;/p&gt;</minutesnonemptyhtmlbody>
      <refertocommittee>Licensing Panel</refertocommittee>
      <linkeddocuments><linkeddoc><title>Apologies list</title>
        <publicationdate>25/06/2025</publicationdate></linkeddoc></linkeddocuments>
    </agendaitem>
    <agendaitem>
      <agendaitemtitle>Any Other Business</agendaitemtitle>
      <agendatext><![CDATA[<p>None notified.</p>]]></agendatext>
      <fulldisplaynumberformat>2.</fulldisplaynumberformat>
    </agendaitem>
  </agendaitems>
  <attendees>
    <attendee name="Councillor Ann Lee" roledescription="Chair" attendance="Expected"/>
    <attendee name="Councillor Raj Patel" roledescription="" attendance="Expected"/>
  </attendees>
</meeting>"#;

    #[test]
    fn reads_a_moderngov_meeting_record() {
        let m = meeting(RECORD).unwrap();
        assert_eq!(m.committee.as_deref(), Some("Licensing Panel"));
        assert_eq!(m.date.as_deref(), Some("2025-07-03"));
        assert_eq!(m.items.len(), 2);
        assert_eq!(m.items[0].number.as_deref(), Some("1"));
        assert_eq!(m.items[0].title, "Apologies & Substitutions");
        assert!(m.items[0].minuted && !m.items[1].minuted);
        assert_eq!(m.items[1].html, "<p>None notified.</p>");
        assert!(m.minuted());
        assert_eq!(
            m.members,
            vec![
                Member {
                    name: "Councillor Ann Lee".into(),
                    role: Some("Chair".into())
                },
                Member {
                    name: "Councillor Raj Patel".into(),
                    role: None
                },
            ]
        );
        let html = m.html();
        assert!(html.contains("<h2>1. Apologies &amp; Substitutions</h2>"));
        assert!(html.contains("3 July 2025, 6.30 pm, Room 2, Civic Centre"));
        assert!(html.contains("<p>Apologies were received from Councillor Ann Lee.</p>"));
        assert!(html.contains("<p>Linked documents: Apologies list (published 25 June 2025).</p>"));
    }

    #[test]
    fn other_or_broken_xml_is_not_read() {
        assert!(meeting("<?xml version=\"1.0\"?><rss><channel/></rss>").is_none());
        assert!(meeting("<meeting><agendaitems><agendaitem>").is_none());
        assert!(meeting("<meeting><agendaitems></meeting>").is_none());
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(meeting(&deep).is_none());
        assert!(day_month_year("29/02/2025").is_none());
        assert_eq!(day_month_year("29/02/2024").as_deref(), Some("2024-02-29"));
        assert!(day_month_year("2025").is_none());
    }
}
