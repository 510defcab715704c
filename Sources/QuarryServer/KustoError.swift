import Foundation
import KQLColumns
import KQLEngine
import KQLSyntax
import QuarryIO

/// A failed request as Kusto reports it (response-v2.md, "HTTP response body (on request
/// failure)"): an HTTP status and the OneApiErrors object `{"error": {code, message, @type,
/// @message, @context, @permanent, innererror}}`. Kusto's clients show `@message`
/// (azure-kusto-data raises `KustoApiError` with it), so it carries Quarry's full message with
/// its diagnostic code and position.
struct KustoError: Error {
    var status: Int
    var code: String
    var message: String
    var type: String
    var detail: String
    var permanent: Bool
    /// Quarry's diagnostic code (`KQB001`) and message, as `innererror`.
    var inner: (code: String, message: String)?

    static func badRequest(_ detail: String) -> KustoError {
        KustoError(status: 400, code: "General_BadRequest", message: "Request is invalid and cannot be executed.",
                   type: "Kusto.Data.Exceptions.KustoBadRequestException", detail: "Request is invalid and cannot be processed: \(detail)",
                   permanent: true, inner: nil)
    }

    static func notFound(_ detail: String) -> KustoError {
        KustoError(status: 400, code: "General_BadRequest", message: "Request is invalid and cannot be executed.",
                   type: "Kusto.Data.Exceptions.EntityNotFoundException", detail: detail, permanent: true, inner: nil)
    }

    static let unauthorized = KustoError(status: 401, code: "Unauthorized", message: "The request is not authorized.",
                                         type: "Kusto.Data.Exceptions.UnauthorizedException",
                                         detail: "Unauthorized: this endpoint requires 'Authorization: Bearer <token>' with the server's token",
                                         permanent: true, inner: nil)

    static func tooLarge(_ limit: Int) -> KustoError {
        KustoError(status: 413, code: "General_PayloadTooLarge", message: "Request payload exceeded limits.",
                   type: "Kusto.Data.Exceptions.KustoBadRequestException",
                   detail: "Request payload exceeded limits: the body is larger than \(limit) bytes (quarry serve --max-body-bytes)",
                   permanent: true, inner: nil)
    }

    static func internalError(_ detail: String) -> KustoError {
        KustoError(status: 520, code: "Internal_Error", message: "Service found an error while processing the request.",
                   type: "Kusto.Data.Exceptions.KustoServiceException", detail: detail, permanent: false, inner: nil)
    }

    /// A query's positioned diagnostic: syntax, binding and unsupported constructs are the
    /// client's (400, like Kusto's syntax and semantic errors); "Semantic error:" and "Syntax
    /// error:" prefixes are the ones Kusto's clients test for (`is_semantic_error`).
    static func query(_ e: QueryError) -> KustoError {
        guard let d = e.diagnostics.first(where: { $0.severity == .error }) ?? e.diagnostics.first else {
            return internalError("query failed")
        }
        let (line, column) = e.source.location(of: d.span.start)
        let code = d.code.rawValue
        let kind = code.hasPrefix("KQS") ? "Syntax error" : code.hasPrefix("KQU") ? "Not supported" : "Semantic error"
        let text = "\(kind): \(code): \(d.message) (line \(line), column \(column))"
        if code.hasPrefix("KQR") { return runtime(d.code, d.message) }
        var out = badRequest(text)
        out.type = code.hasPrefix("KQS") ? "Kusto.Data.Exceptions.SyntaxException" : "Kusto.Data.Exceptions.SemanticException"
        out.inner = (code, d.message)
        return out
    }

    /// A run-time limit or failure: timeout 504 (Kusto's "Request has timed out"), the rest 520.
    static func runtime(_ code: DiagnosticCode, _ text: String) -> KustoError {
        // The engine names the CLI's flags; a request sets request properties.
        let message = text.replacingOccurrences(of: " (--timeout)", with: " (servertimeout)")
            .replacingOccurrences(of: ", or use --no-truncation", with: ", or set the request property notruncation")
        var out: KustoError
        switch code {
        case .timeout:
            out = KustoError(status: 504, code: "Request_ExecutionTimeout", message: "Request has timed out.",
                             type: "Kusto.Data.Exceptions.KustoRequestExecutionTimeoutException", detail: message, permanent: false, inner: nil)
        case .cancelled:
            out = KustoError(status: 400, code: "Request_Canceled", message: "Request was canceled.",
                             type: "Kusto.Data.Exceptions.KustoRequestCanceledException", detail: message, permanent: false, inner: nil)
        case .resultTooLarge, .memoryBudgetExceeded:
            out = KustoError(status: 400, code: "LimitsExceeded", message: "Request is invalid and cannot be executed.",
                             type: "Kusto.Data.Exceptions.KustoServicePartialQueryFailureLimitsExceededException", detail: message,
                             permanent: true, inner: nil)
        default:
            out = internalError(message)
        }
        out.inner = (code.rawValue, message)
        return out
    }

    static func from(_ error: Error) -> KustoError {
        switch error {
        case let e as KustoError: return e
        case let e as QueryError: return query(e)
        case let e as QueryLimitError: return runtime(e.code, e.message)
        case let e as ReadError:
            let place = e.line > 0 ? "\(e.file):\(e.line):\(e.column): " : e.file.isEmpty ? "" : "\(e.file): "
            return internalError("\(place)\(e.message)")
        case let d as Diagnostic: return runtime(d.code, d.message)
        default: return internalError("\(error)")
        }
    }

    /// The error object (`{"error": {...}}`) as JSON.
    func json(clientRequestId: String, activityId: String) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\"error\":")
        object(&w, clientRequestId: clientRequestId, activityId: activityId)
        w.raw("}")
        return w.bytes
    }

    /// The object inside `error` (also an entry of `OneApiErrors`).
    func object(_ w: inout JSONWriter, clientRequestId: String, activityId: String) {
        w.raw("{\"code\":"); w.string(code)
        w.raw(",\"message\":"); w.string(message)
        w.raw(",\"@type\":"); w.string(type)
        w.raw(",\"@message\":"); w.string(detail)
        w.raw(",\"@context\":{\"timestamp\":"); w.string(DateTime.format(QueryClock.nowTicks()))
        w.raw(",\"serviceAlias\":\"QUARRY\",\"clientRequestId\":"); w.string(clientRequestId)
        w.raw(",\"activityId\":"); w.string(activityId)
        w.raw("},\"@permanent\":"); w.raw(permanent ? "true" : "false")
        if let inner {
            w.raw(",\"innererror\":{\"code\":"); w.string(inner.code)
            w.raw(",\"message\":"); w.string(inner.message)
            w.raw(",\"@type\":"); w.string(type)
            w.raw(",\"@message\":"); w.string(detail)
            w.raw(",\"@errorCode\":"); w.string(inner.code)
            w.raw(",\"@errorMessage\":"); w.string(inner.message)
            w.raw("}")
        }
        w.raw("}")
    }
}

/// The wall clock in ticks (100 ns since 0001-01-01).
enum QueryClock {
    static func nowTicks() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return DateTime.unixEpochTicks + Int64(ts.tv_sec) * DateTime.ticksPerSecond + Int64(ts.tv_nsec) / 100
    }
}
