/// Quarry's version, the one place it is written (`quarry --version`).
enum QuarryVersion {
    static let string = "0.1.0"
}
