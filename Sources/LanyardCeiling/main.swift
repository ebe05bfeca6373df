import Foundation
import LanyardModel
import LanyardNode

// `lanyard-ceiling serve [--listen H:P] [--data-dir D] [--bootstrap-token-file F] [--kek-file F] [--log-level L]
//  [--database-url U] [--public-url U] [--dev]`: a Lanyard node with the ceiling routes (`CeilingRoutes`) beside the
// real ones, for `scripts/bench-ceiling`. A benchmark product: never deployed, never built by the README commands.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "serve" else {
    FileHandle.standardError.write(Data("usage: lanyard-ceiling serve [--listen host:port] [--data-dir dir] [...]\n".utf8))
    exit(64)
}
let names = [
    "--listen": "listen", "--data-dir": "dataDir", "--bootstrap-token-file": "bootstrapTokenFile", "--kek-file": "kekFile",
    "--log-level": "logLevel", "--database-url": "databaseURL", "--public-url": "publicURL",
]
var flags: [String: String] = [:]
var index = 1
while index < arguments.count {
    let argument = arguments[index]
    if argument == "--dev" {
        flags["dev"] = "true"
        index += 1
    } else if let name = names[argument], index + 1 < arguments.count {
        flags[name] = arguments[index + 1]
        index += 2
    } else {
        FileHandle.standardError.write(Data("lanyard-ceiling: unknown or incomplete option \(argument)\n".utf8))
        exit(64)
    }
}
do {
    let settings = try ServeConfiguration.resolve(configFile: nil, environment: ProcessInfo.processInfo.environment, flags: flags)
    try await LanyardNode.run(settings, unauditedBenchmark: false) { router, dependencies in
        CeilingRoutes.register(on: router, dependencies: dependencies)
    }
} catch let error as LanyardError {
    FileHandle.standardError.write(Data("lanyard-ceiling: \(error.message)\n".utf8))
    exit(1)
}
