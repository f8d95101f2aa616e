// Exit codes: one per error category, so scripts can tell a bad file from a bad command line.
// SPDX-License-Identifier: Apache-2.0

import Backdrop

/// The process exit codes of `backdrop`, documented in the README.
public enum BackdropExitCode: Int32, CaseIterable, Sendable {
    case success = 0
    /// An unexpected internal failure.
    case internalError = 1
    /// The command line is invalid (unknown option, missing argument, unparsable value).
    case usage = 2
    /// A file could not be read or written, or an output would overwrite an input.
    case io = 3
    /// An input is damaged or truncated.
    case decoding = 4
    /// An input's format, or a requested output format, is not supported.
    case unsupported = 5
    /// An input exceeds the decoding limits.
    case limits = 6
    /// A parameter or input combination is invalid (for example a mask of the wrong size).
    case parameter = 7
    /// Encoding the output failed.
    case encoding = 8
    /// An input's colour space was refused.
    case color = 9

    /// The exit code for an error category.
    public init(_ category: ErrorCategory) {
        switch category {
        case .decoding: self = .decoding
        case .encoding: self = .encoding
        case .parameter: self = .parameter
        case .limits: self = .limits
        case .unsupported: self = .unsupported
        case .io: self = .io
        case .color: self = .color
        }
    }
}

/// A failure reading or writing a file.
public struct IOError: BackdropError, Hashable {
    public var path: String
    public var reason: String
    public var category: ErrorCategory { .io }
    public var description: String { reason }
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// An error tied to the file it happened on, printed as `backdrop: error: FILE: REASON`.
public struct FileError: Error, CustomStringConvertible {
    public var path: String
    public var underlying: any Error
    public var description: String { "\(path): \(FileError.reason(underlying))" }

    /// The exit code for the underlying error.
    public var exitCode: BackdropExitCode {
        (underlying as? any BackdropError).map { BackdropExitCode($0.category) } ?? .internalError
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? any BackdropError { return error.description }
        return "internal error: \(error)"
    }
}
