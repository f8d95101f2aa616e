// The `backdrop` root command: subcommands, error printing and exit codes.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Backdrop
import Foundation

/// `backdrop`: finish product photos locally after background removal.
public struct BackdropCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backdrop",
        abstract: "Finish product photos locally: composite cutouts and mattes, convert and inspect images.",
        discussion: """
            Exit codes: 0 success, 2 usage error, 3 file I/O, 4 damaged input, 5 unsupported format, \
            6 input over the limits, 7 invalid parameter, 8 encoding failure, 9 colour space refused, \
            1 internal error.
            """,
        subcommands: [Compose.self, Batch.self, Convert.self, Resize.self, Inspect.self, RecipeSchema.self, Demo.self])

    public init() {}

    /// Parses the command line, runs the command and exits with a documented code; errors are one line on
    /// stderr naming the file and the reason.
    public static func runAndExit() -> Never {
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(code.rawValue)
    }

    /// Runs `arguments` and returns the exit code instead of exiting (used by tests).
    public static func run(arguments: [String]) -> BackdropExitCode {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return .success
        } catch let exit as BatchExit {
            return exit.code
        } catch let error as FileError {
            printError(error.description)
            return error.exitCode
        } catch let error as any BackdropError {
            printError(error.description)
            return BackdropExitCode(error.category)
        } catch let error as ValidationError {
            // Thrown by a command's own checks after parsing; ArgumentParser would call it an internal error.
            printError(error.message)
            return .usage
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return .success
            }
            printError(message(for: error))
            return .usage
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("backdrop: error: \(message)\n".utf8))
    }
}

extension RGBAColor: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}
