import ArgumentParser

/// `quarry shell`: bind the data once, then run queries one after another (Sources/quarry/Shell).
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "An interactive shell: bind the data once, then run queries (end each with ';' or a blank line) and dot-commands (.help).")

    @OptionGroup var options: DataOptions
    @OptionGroup var limits: LimitOptions

    @Flag(help: "Neither read nor write the history file ($XDG_STATE_HOME/quarry/history or ~/.local/state/quarry/history).")
    var noHistory = false

    func run() throws {
        let shell = try ShellSession(options: options, limits: limits, historyPath: noHistory ? nil : ShellHistory.defaultPath())
        let status = shell.run()
        if status != 0 { throw ExitCode(status) }
    }
}
