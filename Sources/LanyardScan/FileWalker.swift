import Foundation

/// The files under the paths to scan: inside a git work tree, what `git ls-files --cached --others
/// --exclude-standard` lists (git's own ignore rules, exactly); elsewhere a walk applying every `.gitignore` met
/// (``Gitignore``). `.git` is never entered, and only regular files are read: a symbolic link (to a file outside the
/// tree, to `/dev/zero`) or a FIFO would take the scan out of its scope or block it.
enum FileWalker {
    /// The files under `path` as (path to open, path to report).
    static func files(under path: String, respectGitignore: Bool) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScanError("No such file or directory: \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        if respectGitignore, let listed = GitCommand.lines(["-C", path, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], separator: 0) {
            return listed.map { join(path, $0) }.filter(isRegularFile)
        }
        var found: [String] = []
        walk(root: path, relative: "", ignore: Gitignore(), respectGitignore: respectGitignore, into: &found)
        return found
    }

    static func walk(root: String, relative: String, ignore: Gitignore, respectGitignore: Bool, into found: inout [String]) {
        let directory = relative.isEmpty ? root : join(root, relative)
        var ignore = ignore
        if respectGitignore, let text = try? String(contentsOfFile: join(directory, ".gitignore"), encoding: .utf8) {
            ignore.add(text, base: relative)
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in entries.sorted() where name != ".git" {
            let child = relative.isEmpty ? name : relative + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: join(root, child), isDirectory: &isDirectory) else { continue }
            if respectGitignore, ignore.isIgnored(child, isDirectory: isDirectory.boolValue) { continue }
            if isDirectory.boolValue {
                if let attributes = try? FileManager.default.attributesOfItem(atPath: join(root, child)),
                    attributes[.type] as? FileAttributeType == .typeSymbolicLink
                {
                    continue
                }
                walk(root: root, relative: child, ignore: ignore, respectGitignore: respectGitignore, into: &found)
            } else if isRegularFile(join(root, child)) {
                found.append(join(root, child))
            }
        }
    }

    /// Whether `path` itself (not what a link points to) is a regular file.
    static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
