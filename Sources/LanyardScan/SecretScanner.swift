import Foundation

/// `lanyard scan` as a library: files and directories (notebooks by cell), and git history, scanned in parallel.
///
/// ```swift
/// let result = try await SecretScanner(options: ScanOptions()).scan(paths: ["."], gitHistory: true)
/// for finding in result.findings where finding.isLanyardCredential { /* report finding.secret for revocation */ }
/// ```
public struct SecretScanner: Sendable {
    /// How the scan runs.
    public let options: ScanOptions

    /// A scanner with `options`.
    public init(options: ScanOptions = ScanOptions()) {
        self.options = options
    }

    /// Scans the files under `paths`, and with `gitHistory` the history of each path that is a git repository.
    ///
    /// - Throws: ``ScanError`` when a path does not exist or `--git` is asked of a path that is no repository.
    public func scan(paths: [String], gitHistory: Bool = false) async throws -> ScanResult {
        var result = ScanResult()
        if gitHistory {
            for path in paths { result.merge(try await GitHistory.scan(repository: path, concurrency: options.concurrency)) }
        } else {
            let files = try paths.flatMap { try FileWalker.files(under: $0, respectGitignore: options.respectGitignore) }
            result.merge(await scan(files: files))
        }
        result.findings.sort { ($0.path, $0.commit ?? "", $0.cell ?? -1, $0.line, $0.column) < ($1.path, $1.commit ?? "", $1.cell ?? -1, $1.line, $1.column) }
        return result
    }

    /// Scans `files`, `options.concurrency` at a time.
    func scan(files: [String]) async -> ScanResult {
        let concurrency = options.concurrency
        let maxFileSize = options.maxFileSize
        return await withTaskGroup(of: ScanResult.self) { group in
            var result = ScanResult()
            var next = 0
            while next < files.count || !group.isEmpty {
                while next < files.count, next < concurrency + result.filesScanned + result.filesSkipped {
                    let file = files[next]
                    group.addTask { Self.scan(file: file, maxFileSize: maxFileSize) }
                    next += 1
                }
                guard let done = await group.next() else { break }
                result.merge(done)
            }
            return result
        }
    }

    /// Scans one file: skipped when over the cap or binary (a NUL in its first 8 KB); a `.ipynb` by cell.
    static func scan(file: String, maxFileSize: Int) -> ScanResult {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        guard size <= maxFileSize, let data = FileManager.default.contents(atPath: file) else { return ScanResult(filesSkipped: 1) }
        if data.prefix(8192).contains(0) { return ScanResult(filesSkipped: 1) }
        let path = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
        if file.hasSuffix(".ipynb"), let findings = Notebook.scan(data, path: path) {
            return ScanResult(findings: findings, filesScanned: 1, bytesScanned: data.count)
        }
        return ScanResult(findings: LineScanner.scan(Array(data), path: path), filesScanned: 1, bytesScanned: data.count)
    }
}
