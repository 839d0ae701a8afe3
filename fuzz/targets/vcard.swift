// libFuzzer target: an address book read, and every field the network asks of a card.
import KithFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVCard(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let document = Document.parse(bytes: bytes, path: "fuzz.vcf", kind: .contacts)
    for card in document.cards {
        _ = card.formattedName
        _ = card.name
        _ = card.nicknames
        _ = card.emailAddresses
        _ = card.telephones
        _ = card.organization
        _ = card.title
        _ = card.birthday
        _ = card.anniversary
        _ = card.labelledDates
        _ = card.categories
        _ = card.note
        _ = card.uid
        _ = card.revision
        _ = card.photo?.inlineSize
        _ = card.urls
        _ = card.extensions
    }
    return 0
}
