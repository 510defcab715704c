import ArgumentParser
import Foundation

@main
struct Quarry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Run Kusto (KQL) hunting queries locally over exported Defender and Sentinel telemetry.",
        version: QuarryVersion.string,
        subcommands: [Run.self, Query.self, Check.self, Explain.self, Functions.self, Generate.self, SchemaCommand.self, ShellCommand.self,
                      Serve.self])

    /// ArgumentParser's `main`, except that an option error found while a subcommand runs
    /// (a `ValidationError` thrown from `run()`, not while parsing) shows that subcommand's usage,
    /// as a parsing error does, instead of the root command's; the exit status is 64 (usage).
    static func main() {
        InterruptSignal.install()   // before anything else: a Ctrl-C is never lost (InterruptSignal.swift)
        var command: ParsableCommand
        do { command = try parseAsRoot(nil) } catch { exit(withError: error) }
        do {
            try command.run()
        } catch let e as ValidationError {
            fflush(stdout)
            let sub = type(of: command)
            let name = ObjectIdentifier(sub) == ObjectIdentifier(Quarry.self) ? "quarry" : "quarry \(sub._commandName)"
            printError("Error: \(e.message)\nUsage: \(usageString(for: sub))\n  See '\(name) --help' for more help.")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
