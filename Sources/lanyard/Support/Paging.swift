import ArgumentParser
import Foundation
import LanyardAPI
import LanyardModel

/// `--cursor` and `--all`, shared by every list command (each keeps its own `--limit`, the page size).
struct PageOptions: ParsableArguments {
    @Option(help: "Continue where an earlier page stopped (the cursor it printed, or its JSON 'next').") var cursor: String?
    @Flag(help: "Follow the cursors to the end and print every page.") var all = false
}

/// A list answer of the admin API: one page of items and the cursor of the next.
protocol PagedList: Encodable {
    associatedtype Item
    /// Where the page's items are (`identities`, `credentials`, …).
    static var items: WritableKeyPath<Self, [Item]> { get }
    /// The cursor of the next page; `nil` on the last.
    var next: String? { get set }
}

extension IdentityList: PagedList { static var items: WritableKeyPath<Self, [Identity]> { \.identities } }
extension CredentialList: PagedList { static var items: WritableKeyPath<Self, [CredentialRecord]> { \.credentials } }
extension FindingList: PagedList { static var items: WritableKeyPath<Self, [Finding]> { \.findings } }
extension EntitlementList: PagedList { static var items: WritableKeyPath<Self, [Entitlement]> { \.entitlements } }
extension AccessRequestList: PagedList { static var items: WritableKeyPath<Self, [AccessRequest]> { \.requests } }
extension AuditEventList: PagedList { static var items: WritableKeyPath<Self, [AuditEvent]> { \.events } }
extension AuditCheckpointList: PagedList { static var items: WritableKeyPath<Self, [AuditCheckpointRecord]> { \.checkpoints } }
extension PolicyHistory: PagedList { static var items: WritableKeyPath<Self, [PolicyVersionSummary]> { \.versions } }
extension AdminTokenList: PagedList { static var items: WritableKeyPath<Self, [AdminTokenView]> { \.tokens } }
extension TenantList: PagedList { static var items: WritableKeyPath<Self, [TenantView]> { \.tenants } }
extension TemplateList: PagedList { static var items: WritableKeyPath<Self, [IdentityTemplate]> { \.templates } }
extension SigningKeyList: PagedList { static var items: WritableKeyPath<Self, [SigningKeyView]> { \.keys } }
extension OwnerStatusList: PagedList { static var items: WritableKeyPath<Self, [OwnerStatus]> { \.owners } }

/// Reading list pages and telling people how to get the next one.
enum Paging {
    /// The page after `options.cursor` (the first when absent) or, with `--all`, that page and every later one: the
    /// items of all the pages read, with the `next` of the last (`nil` after `--all`).
    static func read<List: PagedList>(_ options: PageOptions, page: (_ cursor: String?) async throws -> List) async throws -> List {
        try await read(from: options.cursor, all: options.all, page: page)
    }

    /// The page after `cursor` or, with `all`, that page and every later one (as ``read(_:page:)``).
    static func read<List: PagedList>(from cursor: String?, all: Bool, page: (_ cursor: String?) async throws -> List) async throws -> List {
        var list = try await page(cursor)
        while all, let next = list.next {
            let following = try await page(next)
            list[keyPath: List.items] += following[keyPath: List.items]
            list.next = following.next
        }
        return list
    }

    /// Prints `list` as JSON (with its `next`), or as a table followed, on standard error, by the command that prints
    /// the next page when there is one (standard output stays the table alone, for pipes).
    static func render<List: PagedList>(_ list: List, output: OutputFormat, table: (List) -> Void) {
        if output == .json { return Render.json(list) }
        table(list)
        if let next = list.next { FileHandle.standardError.write(Data((hint(next: next) + "\n").utf8)) }
    }

    /// `more: lanyard <this command's arguments> --cursor <next>`, without any earlier `--cursor` or `--all`, and
    /// without `--token` (a secret never goes to the terminal: the next command reads `$LANYARD_TOKEN` or is given one).
    static func hint(next: String, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> String {
        var kept: [String] = []
        var skipValue = false
        for argument in arguments {
            if skipValue {
                skipValue = false
                continue
            }
            if argument == "--cursor" || argument == "--token" {
                skipValue = true
            } else if argument != "--all", !argument.hasPrefix("--cursor="), !argument.hasPrefix("--token=") {
                kept.append(quoted(argument))
            }
        }
        return (["more:", "lanyard"] + kept + ["--cursor", next]).joined(separator: " ")
    }

    /// `text` as one shell word: unchanged when it is plain, else in single quotes.
    static func quoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./:=@%+,".unicodeScalars.contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
