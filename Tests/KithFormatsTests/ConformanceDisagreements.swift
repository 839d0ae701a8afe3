/// Corpus files where Kith's answer differs from the reference output, and why Kith's answer stands.
///
/// The reference (python icalendar + recurring-ical-events + vobject) is not the truth; each entry says
/// which rule of RFC 5545 / RFC 6350, or which evident intent of the producer, Kith follows instead. The
/// rules themselves, with their tests, are in `Fixtures/CONFORMANCE.md`.
enum ConformanceDisagreements {
    static let reasons: [String: String] = [
        "libical__incoming.ics":
            "The \"Conference\" REQUEST has DTEND 19970701T10300Z (five-digit time). The reference drops the "
            + "whole event; Kith reports the bad DTEND and keeps the event with its valid DTSTART, since a broken "
            + "property should cost only itself.",
        "pyical__broken_ical.ics":
            "DTSTART;;VALUE=DATE-TIME has an empty parameter. The reference drops the event; the value itself "
            + "is a valid DATE-TIME, so Kith reads it (the empty parameter carries nothing).",
        "pyical__issue_1081_invalid_rrule_freq.ics":
            "RRULE has an invalid FREQ. The reference drops the whole event; Kith reports the rule as unusable "
            + "and keeps the event at its DTSTART, which RFC 5545 §3.8.5.3 makes the first instance in any case.",
        "pyical__issue_165_missing_event.ics":
            "Exchange writes BYDAY=MO, TU, WE, TH, FR with spaces and a folded ;WKST. The reference rejects the "
            + "series; Kith tolerates the blanks (the intent is plain) and expands the daily stand-up.",
        "pyical__parsing_error.ics":
            "The second event has an empty EXDATE. The reference skips that whole series; Kith ignores only the "
            + "empty EXDATE (reported), so both series count.",
        "ical4j__valid_Standup.ics":
            "The stand-up of 31 Dec 2029 runs 22:30-22:45Z, inside the window ending 2030-01-01 in UTC but after "
            + "midnight in its own zone. The reference reads the window's days in the event's zone only; Kith counts "
            + "an occurrence that overlaps the window in UTC (as inspect shows times) or in its own zone, so that "
            + "no meeting at the window's edge is lost.",
        "aosp__v30_ios_613_multiline.vcf":
            "iOS 6.1.3 writes PHOTO base64 over unindented lines. The reference keeps only the first line (36 "
            + "bytes); Kith joins the base64 lines into the whole photo (5 165 bytes), as the phone meant.",
        "ezvcard__John_Doe_IPHONE.vcf":
            "Same iOS unindented base64 PHOTO: Kith reads the whole image (32 531 bytes), the reference 36 bytes.",
        "ezvcard__John_Doe_GMAIL.vcf":
            "FN:Mr. John Richter, James Doe Sr. is one TEXT value (RFC 6350 §6.2.1); the reference cuts it at "
            + "the comma. Kith keeps the whole name.",
        "ezvcard__John_Doe_MS_OUTLOOK.vcf":
            "NOTE is one TEXT value; the reference cuts it at the first comma. Kith keeps the whole note.",
    ]
}
