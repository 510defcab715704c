import Foundation
import KQLColumns

// The functions that describe who runs the query and where (current-database-function.md,
// current-principal-function.md, current-principal-details-function.md,
// current-principal-is-member-of-function.md), with their local meaning:
// - current_database(): the database in scope — "Quarry" for the CLI, the request's database
//   under `quarry serve` (`QueryOptions.databaseName`).
// - current_principal(): there is no Microsoft Entra sign-in locally; the principal is the operating
//   system's user, written in Kusto's `Type=Id;Tenant` shape as `localuser=NAME;localhost`
//   (NAME from $USER, else $USERNAME, else "unknown").
// - current_principal_details(): a bag with the page's fields; those with no local meaning are null
//   (Authority, ObjectId, Country, TenantCountry, TenantRegion), Mfa "False", Type "LocalUser",
//   IdentityProvider "local".
// - current_principal_is_member_of(): there are no groups locally, so it is true only when an
//   argument names the principal itself (its FQN, compared case-insensitively); the page requires
//   string literals, so anything else is an error at the argument.

/// The operating system user the query runs as.
func localUserName() -> String {
    let env = ProcessInfo.processInfo.environment
    for key in ["USER", "USERNAME", "LOGNAME"] { if let v = env[key], !v.isEmpty { return v } }
    return "unknown"
}

func localPrincipal() -> String { "localuser=\(localUserName());localhost" }

let currentDatabaseFunction = ScalarFunction(
    name: "current_database", overloads: fn([], .fixed(.string)),
    summary: "The database in scope: \"Quarry\" for the CLI, the request's database under quarry serve.",
    bind: { site in
        let name = site.session.databaseName
        return BoundFunction(name: "current_database", resultType: .string, kernel: .row({ _ in .string(name) }))
    })

let currentPrincipalFunction = rowFunction(
    "current_principal", fn([], .fixed(.string)),
    summary: "The local principal: localuser=<operating system user>;localhost (no Microsoft Entra sign-in runs locally).",
    kernel: { _ in .string(localPrincipal()) })

let currentPrincipalDetailsFunction = rowFunction(
    "current_principal_details", fn([], .fixed(.dynamic)),
    summary: "The local principal's details (the documented fields; those with no local meaning null).",
    kernel: { _ in
        let user = localUserName()
        return .dynamic(.object(PropertyBag([
            ("UserPrincipalName", .string(user)), ("IdentityProvider", .string("local")), ("Authority", .null),
            ("Mfa", .string("False")), ("Type", .string("LocalUser")), ("DisplayName", .string(user)), ("ObjectId", .null),
            ("FQN", .string(localPrincipal())), ("Country", .null), ("TenantCountry", .null), ("TenantRegion", .null),
        ])))
    })

let currentPrincipalIsMemberOfFunction = ScalarFunction(
    name: "current_principal_is_member_of",
    overloads: [Overload([], repeating: Repeat(params: [p("group", .stringOrDynamic)], min: 1, max: 10_000), .fixed(.bool))],
    summary: "Whether one of the principals named (string literals, or a dynamic array of them) is the local principal; there are no groups locally.",
    bind: { site in
        var names: [String] = []
        for (i, c) in site.constants.enumerated() {
            switch c {
            case .string(let s)?: names.append(s)
            case .dynamic(let d)? where dynamicArray(.dynamic(d)) != nil:
                for e in dynamicArray(.dynamic(d)) ?? [] {
                    guard case .string(let s) = e else { throw site.error("current_principal_is_member_of(): the array must hold strings", arg: i) }
                    names.append(s)
                }
            default: throw site.error("current_principal_is_member_of(): argument \(i + 1) must be a string literal or a dynamic array of them", arg: i)
            }
        }
        let me = localPrincipal().lowercased()
        let result = names.contains { $0.lowercased() == me }
        return BoundFunction(name: "current_principal_is_member_of", resultType: .bool, kernel: .row({ _ in .bool(result) }))
    })
