import Foundation

/// A Jupyter notebook (nbformat 4) as the texts to scan: each cell's source and each of its outputs.
enum Notebook {
    /// One text of a notebook: the cell index, `source` or `output`, and the text.
    struct Part: Sendable, Hashable {
        var cell: Int
        var part: String
        var text: String
    }

    /// The parts of the notebook in `data`, or `nil` when it is not a notebook's JSON.
    static func parts(_ data: Data) -> [Part]? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let cells = object["cells"] as? [Any] else {
            return nil
        }
        var parts: [Part] = []
        for (index, item) in cells.enumerated() {
            guard let cell = item as? [String: Any] else { continue }
            if let source = text(cell["source"]) { parts.append(Part(cell: index, part: "source", text: source)) }
            for output in cell["outputs"] as? [Any] ?? [] {
                guard let output = output as? [String: Any] else { continue }
                if let text = text(output["text"]) { parts.append(Part(cell: index, part: "output", text: text)) }
                if let traceback = text(output["traceback"]) { parts.append(Part(cell: index, part: "output", text: traceback)) }
                for (type, value) in (output["data"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key })
                where type.hasPrefix("text/") || type.hasSuffix("json") {
                    if let text = text(value) { parts.append(Part(cell: index, part: "output", text: text)) }
                }
            }
        }
        return parts
    }

    /// A multiline string as nbformat stores it: a string, or an array of lines.
    static func text(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let lines = value as? [Any] {
            let strings = lines.compactMap { $0 as? String }
            return strings.isEmpty ? nil : strings.joined()
        }
        return nil
    }

    /// Every finding in the notebook at `path`, with cell and part.
    static func scan(_ data: Data, path: String) -> [LeakFinding]? {
        parts(data)?.flatMap { part in
            LineScanner.scan(Array(part.text.utf8), path: path, cell: part.cell, cellPart: part.part)
        }
    }
}
