import ArgumentParser
import Foundation
import LanyardClient
import LanyardAPI
import LanyardModel

/// Exit codes scripts can rely on. Documented in docs/cli.md.
enum ExitStatus {
    static let unexpected: Int32 = 1
    static let invalidInput: Int32 = 2
    static let notFound: Int32 = 3
    static let notAllowed: Int32 = 4
    static let conflict: Int32 = 5
    static let unavailable: Int32 = 6
    /// `lanyard audit verify` found an event or checkpoint that does not match.
    static let verificationFailed: Int32 = 7

    static func code(for error: LanyardError) -> Int32 {
        switch error.code {
        case .invalidRequest, .invalidField, .invalidCursor, .unsupportedMediaType, .payloadTooLarge, .invalidConfiguration: invalidInput
        case .notFound: notFound
        case .unauthenticated, .forbidden: notAllowed
        case .alreadyExists, .invalidState: conflict
        case .storageUnavailable, .rateLimited: unavailable
        default: unexpected
        }
    }
}

/// Runs a command body, printing failures the same way everywhere and exiting with the right code.
func reportingFailures(output: OutputFormat, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as LanyardError {
        printError(ErrorBody(error: error.code.rawValue, message: error.message, field: error.field), output: output)
        throw ExitCode(ExitStatus.code(for: error))
    } catch let error as OAuthError {
        printError(ErrorBody(error: error.code.rawValue, message: error.description), output: output)
        switch error.code {
        case .invalidClient, .unauthorizedClient: throw ExitCode(ExitStatus.notAllowed)
        case .invalidRequest, .invalidScope, .invalidTarget, .unsupportedGrantType: throw ExitCode(ExitStatus.invalidInput)
        default: throw ExitCode(ExitStatus.unexpected)
        }
    } catch let error as LanyardClientError {
        printError(ErrorBody(error: "server_unreachable", message: error.description), output: output)
        throw ExitCode(ExitStatus.unavailable)
    }
}

func printError(_ body: ErrorBody, output: OutputFormat) {
    let text: String
    switch output {
    case .json:
        text = (try? String(decoding: LanyardJSON.encoder().encode(body), as: UTF8.self)) ?? body.message
    case .table:
        text = "error: \(body.message) [\(body.error)\(body.field.map { ", field \($0)" } ?? "")]"
    }
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
