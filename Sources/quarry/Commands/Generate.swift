import ArgumentParser

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write deterministic synthetic DeviceNetworkEvents.")
    func run() throws { throw ValidationError("generate: waiting for the generator") }
}
