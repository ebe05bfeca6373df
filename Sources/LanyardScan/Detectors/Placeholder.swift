/// Values that stand in for a secret in documentation and templates rather than being one.
enum Placeholder {
    static let words: Set<String> = [
        "password", "passwd", "pass", "pwd", "secret", "token", "changeme", "change_me", "example", "username", "user", "null", "none",
        "true", "false", "undefined", "redacted", "dummy", "placeholder", "test", "testing", "admin", "root", "default",
    ]
    static let markers = ["xxx", "***", "...", "…", "<", ">", "${", "{{", "%(", "%s", "your_", "your-", "example", "placeholder", "redacted", "changeme"]

    /// Whether `value` is empty, a template reference, a masked value or a stock placeholder.
    static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        if first == UInt8(ascii: "$") || first == UInt8(ascii: "{") || first == UInt8(ascii: "%") || first == UInt8(ascii: "<") { return true }
        let text = String(decoding: value, as: UTF8.self).lowercased()
        if words.contains(text) || markers.contains(where: text.contains) { return true }
        return value.allSatisfy { $0 == first }
    }
}
