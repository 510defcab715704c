import ArgumentParser

@main
struct Quarry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Run Kusto (KQL) hunting queries locally over exported Defender and Sentinel telemetry.",
        subcommands: [Run.self, Query.self, Check.self, Explain.self, Functions.self, Generate.self, SchemaCommand.self,
                      Serve.self])
}
