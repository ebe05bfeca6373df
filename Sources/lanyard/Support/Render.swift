import Foundation
import LanyardModel

/// Printing results: JSON for scripts, aligned tables and key/value blocks for people.
enum Render {
    static func json(_ value: some Encodable) {
        let data = (try? LanyardJSON.encoder(pretty: true).encode(value)) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }

    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }

    static func fields(_ pairs: [(String, String)]) {
        let width = pairs.map(\.0.count).max() ?? 0
        for (key, value) in pairs {
            print("\(key.padding(toLength: width, withPad: " ", startingAt: 0))  \(value)")
        }
    }

    static func time(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func identity(_ identity: Identity) {
        var pairs: [(String, String)] = [
            ("id", identity.id), ("name", identity.name), ("kind", identity.kind.rawValue), ("status", identity.status.rawValue),
            ("owner", identity.owner),
        ]
        if let backup = identity.backupOwner { pairs.append(("backup owner", backup)) }
        pairs += [
            ("purpose", identity.purpose), ("environment", identity.environment.rawValue),
            ("data class", identity.dataClass.rawValue), ("stage", identity.stage.rawValue),
            ("template", identity.template), ("spiffe id", identity.spiffeId),
            ("expires at", time(identity.expiresAt)), ("offboarding", identity.offboardingTrigger.rawValue),
        ]
        if !identity.allowedDestinations.isEmpty { pairs.append(("destinations", identity.allowedDestinations.joined(separator: ", "))) }
        if !identity.publicKeys.isEmpty { pairs.append(("public keys", String(identity.publicKeys.count))) }
        if let reason = identity.offboardReason { pairs.append(("offboard reason", reason)) }
        if let orphaned = identity.orphanedAt { pairs.append(("orphaned at", time(orphaned))) }
        if let graceEnds = identity.orphanGraceEndsAt { pairs.append(("suspended unless transferred by", time(graceEnds))) }
        if let from = identity.graduatedFrom { pairs.append(("graduated from", from)) }
        if let to = identity.graduatedTo { pairs.append(("graduated to", to)) }
        pairs += [("created at", time(identity.createdAt)), ("created by", identity.createdBy)]
        fields(pairs)
    }

    static func template(_ template: IdentityTemplate) {
        fields([
            ("name", template.name), ("description", template.description), ("default ttl", template.defaultTTL.description),
            ("max ttl", template.maxTTL.description), ("environments", template.environments.map(\.rawValue).joined(separator: ", ")),
            ("max data class", template.maxDataClass.rawValue), ("stage", template.stage.rawValue),
            ("allowed scopes", template.allowedScopes.joined(separator: " ")),
            (
                "group scopes",
                template.groupScopes.isEmpty
                    ? "none" : template.groupScopes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.joined(separator: " "))" }.joined(separator: "; ")
            ),
            ("approval scopes", template.approvalScopes.joined(separator: " ")), ("require dpop", template.requireDPoP ? "yes" : "no"),
            ("orphan grace", template.orphanGracePeriod.description), ("owner group", template.ownerGroup ?? "none"),
            ("inactivity period", template.inactivityPeriod.description),
            ("expiry notices", template.expiryNotices.isEmpty ? "none" : template.expiryNotices.map(\.description).joined(separator: ", ")),
            ("builtin", template.builtin ? "yes" : "no"),
        ])
    }
}
